using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Domain;
using PolicyTracker.Web.Tests.Infrastructure;

namespace PolicyTracker.Web.Tests.Tracking;

/// <summary>A .txt plan through the real extractor: upload, review, publish, and the same text again.</summary>
public sealed class TextImportTests
{
    private const string Plan = """
        示范县人民政府办公室
        关于印发示范县2026年农村人居环境整治方案的通知
        示政办发〔2026〕21号

        各乡镇人民政府，县直各有关单位：
        《示范县2026年农村人居环境整治方案》已经县人民政府同意，现印发给你们，请认真贯彻落实。

        示范县人民政府办公室
        2026年3月2日

        示范县2026年农村人居环境整治方案

        一、重点任务
        1.推进农村改厕。新建改建卫生厕所500户以上。2026年10月底前完成。（牵头单位：县农业农村局；配合单位：县卫健局）
        2.治理农村生活污水。完成10个行政村生活污水治理。2026年11月底前完成。（牵头单位：县生态环境分局；配合单位：县水务局）
        """;

    private static MultipartFormDataContent Upload() =>
        new() { { new ByteArrayContent(Encoding.UTF8.GetBytes(Plan)), "file", "整治方案.txt" } };

    [Fact]
    public async Task A_text_plan_is_extracted_reviewed_published_and_a_second_upload_is_flagged_as_a_duplicate()
    {
        await using var app = new TestApp();
        await app.CreateUserAsync("sup", Roles.Supervisor);
        var sup = await app.SignInAsync("sup");
        var imported = await (await sup.PostAsync("/api/imports/", Upload())).ReadJsonAsync();
        Assert.Equal(2, imported.GetProperty("tasks").GetInt32());
        var id = imported.GetProperty("importId").GetGuid();

        var review = await sup.GetJsonAsync($"/api/imports/{id}");
        var task = review.GetProperty("draft").GetProperty("documents")[0].GetProperty("tasks")[0];
        var line = task.GetProperty("line").GetInt32();
        Assert.Contains("推进农村改厕", review.GetProperty("lines")[line - 1].GetString());
        Assert.Equal("县农业农村局", task.GetProperty("leadUnits")[0].GetString());

        var published = await (await sup.PostAsync($"/api/imports/{id}/publish", null)).ReadJsonAsync();
        Assert.Equal(2, published.GetProperty("tasks").GetInt32());
        var tasks = await sup.GetJsonAsync("/api/tasks");
        Assert.Equal(2, tasks.GetProperty("total").GetInt32());
        Assert.Contains(tasks.GetProperty("items").EnumerateArray(), t => t.GetProperty("deadline").GetString() == "2026-10-31");

        var again = await (await sup.PostAsync("/api/imports/", Upload())).ReadJsonAsync();
        Assert.Contains("示政办发〔2026〕21号", again.GetProperty("duplicates")[0].GetProperty("reason").GetString());
        var refused = await sup.PostAsync($"/api/imports/{again.GetProperty("importId").GetGuid()}/publish", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Plans.CountAsync()));
    }
}
