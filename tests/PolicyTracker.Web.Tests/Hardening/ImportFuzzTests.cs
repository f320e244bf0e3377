using System.Text;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Domain;
using PolicyTracker.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PolicyTracker.Web.Tests.Hardening;

/// <summary>
/// Seeded mutations of a gazette sent through the whole import path — upload, extraction, draft, database — where
/// the extractor's own fuzzing stops at the extraction: each is drafted (201) or refused with a 4xx problem, never a
/// 5xx. POLICYTRACKER_FUZZ_RUNS scales the runs.
/// </summary>
public sealed class ImportFuzzTests(ITestOutputHelper output)
{
    private static readonly int Runs = 150 * (int.TryParse(Environment.GetEnvironmentVariable("POLICYTRACKER_FUZZ_RUNS"), out var s) && s > 0 ? s : 1);

    private const string Gazette = """
        某县人民政府办公室 关于印发某县营商环境提升行动方案的通知
        某政办发〔2026〕3号
        各乡（镇）人民政府，县直各有关单位：
        现印发给你们，请认真贯彻落实。
        某县人民政府办公室
        2026年2月10日
        某县营商环境提升行动方案
        一、重点任务
        （一）1.建成企业开办一站式服务专区。2026年6月底前完成。（牵头单位：县行政审批局；配合单位：县市场监管局）
        2.新增限上贸易企业10家以上，覆盖率达到95%。（牵头单位：县商务局）
        序号	任务	责任单位	完成时限
        1	完成涉企收费清单公示	县发改局	2026年3月
        """;

    /// <summary>Characters databases and parsers treat specially.</summary>
    private static readonly string[] Oddities = ["\0", "\u0001", "\u001B", "\uFFFF", "\uFEFF", "\u2028", "'", "\"", "\\", "%", "_", "；", "（", "）", "\t", "\r", "\n", "𠀀", "\uDBFF\uDFFF"];

    [Fact]
    public async Task Mutated_uploads_are_drafted_or_refused_never_a_server_error()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        await using var app = new TestApp();
        await app.CreateUserAsync("sup", Roles.Supervisor);
        var sup = await app.SignInAsync("sup");
        int drafted = 0, refused = 0;
        var errors = new List<string>();
        for (var seed = 0; seed < Runs; seed++)
        {
            var random = new Random(seed);
            var text = new StringBuilder(Gazette);
            for (var i = random.Next(1, 10); i > 0; i--)
            {
                var at = random.Next(text.Length + 1);
                switch (random.Next(3))
                {
                    case 0: text.Insert(at, Oddities[random.Next(Oddities.Length)]); break;
                    case 1: text.Insert(at, (char)random.Next(0x20, 0xA000)); break;
                    default: if (at < text.Length) text.Remove(at, Math.Min(random.Next(1, 20), text.Length - at)); break;
                }
            }
            byte[] bytes = random.Next(3) switch
            {
                0 => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(text.ToString())],
                1 => Encoding.GetEncoding("GB18030").GetBytes(text.ToString()),
                _ => Encoding.UTF8.GetBytes(text.ToString()),
            };
            if (random.Next(4) == 0) bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
            var response = await sup.PostAsync("/api/imports/", new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", "plan.txt" } });
            var status = (int)response.StatusCode;
            if (status == 201) drafted++;
            else if (status is >= 400 and < 500) { refused++; await UploadTests.AssertProblemAsync(response); }
            else errors.Add($"seed {seed}: {status}");
        }
        Assert.True(errors.Count == 0, string.Join("; ", errors.Take(10)));
        Assert.Equal(drafted, await app.WithDbAsync(db => db.PlanImports.CountAsync()));
        output.WriteLine($"import fuzz: {Runs} uploads, {drafted} drafted, {refused} refused, 0 server errors");
    }
}

public sealed class NulCharacterTests
{
    [Fact]
    public async Task Text_carrying_a_nul_character_is_a_400_on_every_engine_and_changes_nothing()
    {
        await using var app = new TestApp();
        var w = await Tracking.TrackingWorld.CreateAsync(app);
        var staff = await app.SignInAsync("staffA");
        var sup = await app.SignInAsync("sup");

        var progress = await staff.PostAsync($"/api/tasks/{w.TaskA}/progress", Tracking.HttpJson.Progress(20, "进展\0"));
        var extension = await Tracking.HttpJson.PostJsonAsync(staff, $"/api/tasks/{w.TaskA}/extension-requests", new { newDeadline = "2026-09-30", reason = "工期\u0000" });
        var unit = await Tracking.HttpJson.PostJsonAsync(sup, "/api/units/", new { name = "县\u0000新局" });

        foreach (var response in new[] { progress, extension, unit })
        {
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("NUL", await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(0, await app.WithDbAsync(db => db.ProgressUpdates.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.ExtensionRequests.CountAsync()));
        Assert.Equal(3, await app.WithDbAsync(db => db.Units.CountAsync()));
    }
}
