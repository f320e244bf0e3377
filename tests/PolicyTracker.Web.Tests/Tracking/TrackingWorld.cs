using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using PolicyTracker.Core.Domain;
using PolicyTracker.Web.Tests.Infrastructure;

namespace PolicyTracker.Web.Tests.Tracking;

/// <summary>
/// A small county built with the domain: units A (lead of task A, with a target), B (co-unit of task A) and C
/// (lead of task C), a published plan, and one account per role. The test clock starts 2026-03-02 09:00 in the county.
/// </summary>
public sealed record TrackingWorld(Guid PlanId, Guid UnitA, Guid UnitB, Guid UnitC, Guid LeaderId, Guid TaskA, Guid TargetA, Guid TaskC)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<TrackingWorld> CreateAsync(TestApp app)
    {
        var world = await app.WithDbAsync(async db =>
        {
            var a = new Unit("县商务局", UnitKind.CountyDepartment);
            var b = new Unit("县财政局", UnitKind.CountyDepartment);
            var c = new Unit("县教育局", UnitKind.CountyDepartment);
            var leader = new Leader("王明", "副县长");
            var plan = new Plan("示政办发〔2026〕1号", null, "示范县促消费行动方案", "示范县人民政府办公室", new DateOnly(2026, 2, 20), "plan.txt", "hash", app.Clock.GetUtcNow());
            var taskA = plan.AddTask(new TaskDraft("新增限上贸易企业10家以上。", "培育市场主体", null, 10, leader, [a], [b],
                new DateOnly(2026, 6, 30), "6月底前", false, [new TargetDraft("新增限上贸易企业10家以上", "新增限上贸易企业", Comparator.AtLeast, 10, "家")]));
            var taskC = plan.AddTask(new TaskDraft("开展校园消费安全宣传。", null, null, 12, null, [c], [], new DateOnly(2026, 3, 31), "3月底前", false, []));
            plan.Publish(app.Clock.GetUtcNow());
            db.AddRange(a, b, c, leader, plan);
            await db.SaveChangesAsync();
            return new TrackingWorld(plan.Id, a.Id, b.Id, c.Id, leader.Id, taskA.Id, taskA.Targets[0].Id, taskC.Id);
        });
        await app.CreateUserAsync("sup", Roles.Supervisor);
        await app.CreateUserAsync("admin", Roles.Admin);
        await app.CreateUserAsync("leader", Roles.Leader);
        await app.CreateUserAsync("staffA", Roles.UnitStaff, world.UnitA);
        await app.CreateUserAsync("staffB", Roles.UnitStaff, world.UnitB);
        await app.CreateUserAsync("staffC", Roles.UnitStaff, world.UnitC);
        return world;
    }
}

public static class HttpJson
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, TrackingWorld.Json);

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url) =>
        await (await client.GetAsync(url)).ReadJsonAsync();

    public static MultipartFormDataContent Progress(int percent, string narrative, string? actuals = null, Guid? version = null,
        params (string Name, byte[] Content)[] files)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(percent.ToString()), "percent" },
            { new StringContent(narrative), "narrative" },
        };
        if (actuals is not null) form.Add(new StringContent(actuals), "actuals");
        if (version is not null) form.Add(new StringContent(version.ToString()!), "version");
        foreach (var (name, content) in files) form.Add(new ByteArrayContent(content), "files", name);
        return form;
    }
}
