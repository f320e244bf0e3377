using System.Text;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PolicyTracker.Cli;
using PolicyTracker.Core;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Demo;
using PolicyTracker.Core.Features;
using PolicyTracker.Core.Features.Plans;
using PolicyTracker.Extraction;
using PolicyTracker.Extraction.Input;
using PolicyTracker.Migrations;

Console.OutputEncoding = Encoding.UTF8;
return await Commands.RunAsync(args, Console.Out, Console.Error);

namespace PolicyTracker.Cli
{
    /// <summary>The `policytracker` command. Verbs are few and fixed, so they are dispatched by hand.</summary>
    public static class Commands
    {
        public const string Usage = """
            用法 usage: policytracker <verb> [arguments]
              extract FILE            print the extraction JSON (shared/extraction/CONTRACT.md) of a .txt/.docx/.pdf
              import FILE [--publish] import a file as a draft for review; --publish publishes it at once
              migrate                 create or upgrade the database (appsettings.json, section Database)
              seed-demo [PLAN]        load demo units, accounts and the sample plan into an empty database
              audit-verify            check the audit trail's hash chain
              bench extraction [DIR]  extraction throughput against a two-regex baseline (default ../shared/corpus)
              bench import|dashboard|reminders|http|all [options]
                                      import: publish rate beside raw bulk inserts on the same engine;
                                      dashboard: summary and rankings p50/p95 at each size beside plain SQL GROUP BY;
                                      reminders: the reminder scans (deadline, overdue, acknowledgement, reporting) at the largest size;
                                      http: task list and progress report requests/s against the built web host;
                                      all: every one of them in one run
                options: --provider Sqlite|Postgres --connection CONN (or --postgres CONN)
                         --sizes 10k,100k,1m  --tasks N (import)  --iterations N
                         --requests N  --seconds S  --concurrency C (http)
            """;

        /// <param name="settings">configuration on top of appsettings.json and the environment (tests point it at their own database)</param>
        public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr,
            IDictionary<string, string?>? settings = null)
        {
            try
            {
                return await DispatchAsync(args, stdout, stderr, settings);
            }
            catch (ExtractionInputException e)
            {
                stderr.WriteLine($"无法读取文件: {e.Message}");
                return 2;
            }
            catch (DomainException e)
            {
                stderr.WriteLine(e.Message);
                return 3;
            }
            catch (FluentValidation.ValidationException e)
            {
                stderr.WriteLine(string.Join(Environment.NewLine, e.Errors.Select(x => x.ErrorMessage)));
                return 3;
            }
            catch (FileNotFoundException e)
            {
                stderr.WriteLine($"文件不存在: {e.FileName}");
                return 2;
            }
        }

        private static async Task<int> DispatchAsync(string[] args, TextWriter stdout, TextWriter stderr, IDictionary<string, string?>? settings)
        {
            async Task<int> WithServicesAsync(Func<IServiceProvider, Task<int>> run)
            {
                await using var provider = CliServices.Build(CliServices.Configuration(settings));
                await using var scope = provider.CreateAsyncScope();
                return await run(scope.ServiceProvider);
            }

            switch (args)
            {
                case ["extract", var file]:
                    stdout.WriteLine(ExtractionJson.Serialize(Extractor.ExtractFile(file)));
                    return 0;
                case ["bench", "extraction", .. var rest]:
                    return ExtractionBenchmark.Run(rest.FirstOrDefault() ?? Path.Combine("..", "shared", "corpus"), stdout);
                case ["bench", "import", .. var rest]:
                    return await ImportBenchmark.RunAsync(BenchOptions.Parse(rest), stdout);
                case ["bench", "dashboard", .. var rest]:
                    return await ScaleBenchmark.RunAsync(BenchOptions.Parse(rest), ScaleBenchmark.Parts.Dashboard, stdout);
                case ["bench", "reminders", .. var rest]:
                    return await ScaleBenchmark.RunAsync(BenchOptions.Parse(rest), ScaleBenchmark.Parts.Reminders, stdout);
                case ["bench", "http", .. var rest]:
                    return await ScaleBenchmark.RunAsync(BenchOptions.Parse(rest), ScaleBenchmark.Parts.Http, stdout);
                case ["bench", "all", .. var rest]:
                {
                    var options = BenchOptions.Parse(rest);
                    stdout.WriteLine($"policytracker bench all on {options.Engine}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
                    var code = await ImportBenchmark.RunAsync(options, stdout);
                    return code != 0 ? code : await ScaleBenchmark.RunAsync(options, ScaleBenchmark.Parts.All, stdout);
                }
                case ["migrate"]:
                    return await WithServicesAsync(async sp =>
                    {
                        await sp.GetRequiredService<PolicyTrackerDbContext>().MigrateAsync();
                        stdout.WriteLine("数据库已是最新 database migrated");
                        return 0;
                    });
                case ["import", var file, .. var options]:
                    return await WithServicesAsync(async sp =>
                    {
                        await sp.GetRequiredService<PolicyTrackerDbContext>().MigrateAsync();
                        var sender = sp.GetRequiredService<ISender>();
                        var imported = await sender.Send(new ImportPlan.Command(Path.GetFileName(file), await File.ReadAllBytesAsync(file)));
                        stdout.WriteLine($"导入 {imported.ImportId}: {imported.Documents} 个文件, {imported.Tasks} 项任务");
                        foreach (var d in imported.Duplicates) stdout.WriteLine($"  已发布过: {d.PlanTitle} ({d.Reason})");
                        if (!options.Contains("--publish")) return 0;
                        var published = await sender.Send(new PublishImport.Command(imported.ImportId, options.Contains("--replace")));
                        stdout.WriteLine($"已发布 {published.PlanIds.Count} 个方案, {published.Tasks} 项任务");
                        return 0;
                    });
                case ["seed-demo", .. var rest]:
                    return await WithServicesAsync(async sp =>
                    {
                        await sp.GetRequiredService<PolicyTrackerDbContext>().MigrateAsync();
                        var plan = rest.FirstOrDefault() ?? Path.Combine(AppContext.BaseDirectory, "samples", "demo-plan.txt");
                        var result = await sp.GetRequiredService<ISender>().Send(new SeedDemo.Command(plan));
                        if (!result.Seeded) { stdout.WriteLine("数据库不为空，未加载演示数据"); return 0; }
                        foreach (var a in result.Accounts) stdout.WriteLine($"{a.UserName} / {a.Password}  {a.Role} {a.Unit}");
                        return 0;
                    });
                case ["audit-verify"]:
                    return await WithServicesAsync(async sp =>
                    {
                        var db = sp.GetRequiredService<PolicyTrackerDbContext>();
                        var broken = await AuditTrail.VerifyAsync(db, CancellationToken.None);
                        stdout.WriteLine(broken.Count == 0 ? "留痕完整 audit trail intact" : $"留痕被篡改 {broken.Count} entries broken: {string.Join(", ", broken)}");
                        return broken.Count == 0 ? 0 : 4;
                    });
                default:
                    stderr.WriteLine(Usage);
                    return 1;
            }
        }
    }
}
