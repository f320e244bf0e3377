using System.Text;
using System.Text.Json;

namespace PolicyTracker.Cli.Tests;

public sealed class CommandsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "policytracker-cli-tests", Guid.NewGuid().ToString("N"));

    public CommandsTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Dictionary<string, string?> Database => new()
    {
        ["Database:Provider"] = "Sqlite",
        ["Database:ConnectionString"] = $"Data Source={Path.Combine(_folder, "cli.db")};Pooling=False",
    };

    private string WritePlan()
    {
        var path = Path.Combine(_folder, "plan.txt");
        File.WriteAllText(path, """
            某县2026年农村人居环境整治行动方案
            一、重点任务
            1.推进垃圾分类。全县行政村生活垃圾收运处置体系覆盖率达到95%以上，2026年9月底前完成。（牵头单位：县住建局；配合单位：各乡镇人民政府）
            2.整治农村厕所。完成户厕改造1200户，年底前完成。（牵头单位：县农业农村局；配合单位：县卫健局）
            """, Encoding.UTF8);
        return path;
    }

    private static async Task<(int Code, string Out, string Err)> Run(string[] args, Dictionary<string, string?>? settings = null)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = await Commands.RunAsync(args, stdout, stderr, settings);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Extract_prints_the_contract_json_with_tasks_units_deadlines_and_targets()
    {
        var (code, output, _) = await Run(["extract", WritePlan()]);
        Assert.Equal(0, code);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("plan.txt", json.GetProperty("source").GetString());
        var tasks = json.GetProperty("documents")[0].GetProperty("tasks");
        Assert.Equal(2, tasks.GetArrayLength());
        var first = tasks[0];
        Assert.Equal(3, first.GetProperty("line").GetInt32());
        Assert.Equal("县住建局", first.GetProperty("lead_units")[0].GetString());
        Assert.Equal("各乡镇人民政府", first.GetProperty("co_units")[0].GetString());
        Assert.Equal("2026-09-30", first.GetProperty("deadline").GetString());
        Assert.Equal(">=", first.GetProperty("targets")[0].GetProperty("op").GetString());
        Assert.Equal(95, first.GetProperty("targets")[0].GetProperty("value").GetDecimal());
    }

    [Fact]
    public async Task Import_with_publish_creates_the_plan_and_a_second_import_is_reported_as_a_duplicate()
    {
        var plan = WritePlan();
        var (code, output, _) = await Run(["import", plan, "--publish"], Database);
        Assert.Equal(0, code);
        Assert.Contains("已发布 1 个方案, 2 项任务", output);

        var (again, second, error) = await Run(["import", plan, "--publish"], Database);
        Assert.Contains("已发布过", second);
        Assert.NotEqual(0, again);
        Assert.NotEmpty(error);
    }

    [Fact]
    public async Task Audit_verify_reports_an_intact_trail_after_an_import()
    {
        await Run(["import", WritePlan(), "--publish"], Database);
        var (code, output, _) = await Run(["audit-verify"], Database);
        Assert.Equal(0, code);
        Assert.Contains("audit trail intact", output);
    }

    [Fact]
    public async Task An_unknown_verb_prints_the_usage_and_fails()
    {
        var (code, _, error) = await Run(["frobnicate"]);
        Assert.Equal(1, code);
        Assert.Contains("usage", error);
    }

    [Fact]
    public async Task Extracting_a_binary_file_is_a_clear_error()
    {
        var path = Path.Combine(_folder, "garbage.txt");
        await File.WriteAllBytesAsync(path, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 256)).ToArray());
        var (code, output, error) = await Run(["extract", path]);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("无法读取文件", error);
    }
}
