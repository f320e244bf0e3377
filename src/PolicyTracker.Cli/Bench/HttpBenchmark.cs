using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Cli;

/// <summary>
/// The web host as deployed (its own process, Release build, loopback HTTP, cookie sign-in) under a fixed number of
/// concurrent clients, each request bounded in count and time: a unit's task list page and progress reports.
/// </summary>
public static class HttpBenchmark
{
    public static async Task RunAsync(TextWriter output, BenchOptions options, IServiceProvider provider, Dictionary<string, string?> settings, BenchData data)
    {
        var web = WebHostPath();
        if (web is null)
        {
            output.WriteLine("http: skipped, build the web host first (dotnet build src/PolicyTracker.Web -c Release)");
            return;
        }
        // The unit leading the most tasks, and its open tasks to report on.
        Guid unit;
        List<Guid> open;
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolicyTrackerDbContext>();
            unit = await BenchData.BusiestLeadUnitAsync(db);
            open = await db.TaskUnits.Where(u => u.UnitId == unit && u.Role == UnitRole.Lead)
                .Join(db.Tasks.Where(t => t.Status == TrackingStatus.NotStarted || t.Status == TrackingStatus.InProgress), u => u.TaskId, t => t.Id, (u, t) => t.Id)
                .ToListAsync();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
            if (!await roles.RoleExistsAsync(Roles.UnitStaff)) await roles.CreateAsync(new IdentityRole<Guid>(Roles.UnitStaff));
            var staff = new AppUser { UserName = "benchstaff", DisplayName = "基准单位人员", UnitId = unit };
            await users.CreateAsync(staff, Password);
            await users.AddToRoleAsync(staff, Roles.UnitStaff);
        }

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [web]) { RedirectStandardOutput = true, RedirectStandardError = true };
        var connection = settings["Database:ConnectionString"]!;
        foreach (var (key, value) in new Dictionary<string, string>
                 {
                     ["Database__Provider"] = settings["Database:Provider"]!, ["Database__ConnectionString"] = connection,
                     ["Urls"] = $"http://127.0.0.1:{port}", ["Demo__SeedOnEmptyDatabase"] = "false", ["Jobs__RunServer"] = "false",
                     ["Security__LoginAttemptsPerMinute"] = "1000", ["Logging__LogLevel__Default"] = "Warning",
                     ["Tracking__EvidenceFolder"] = Path.Combine(Path.GetTempPath(), $"ptbench-evidence-{port}"),
                 })
            start.Environment[key] = value;
        using var server = Process.Start(start)!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            using var handler = new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
            using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
            await WaitHealthyAsync(http, server);
            var login = await http.PostAsJsonAsync("/api/auth/login", new { userName = "benchstaff", password = Password, useCookies = true });
            login.EnsureSuccessStatusCode();
            var cookie = login.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("policytracker=")).Split(';')[0];

            output.WriteLine($"http on {options.Engine}, {data.Tasks:N0} tasks, web host in its own process on loopback, {options.Concurrency} clients, " +
                $"at most {options.Requests:N0} requests or {options.Seconds} s per scenario (machine shared: figures are noisy)");
            output.WriteLine($"  {"scenario",-44} {"req/s",8} {"p50 ms",8} {"p95 ms",8} {"errors",7}   server peak MiB   CPU ms/req server, client");
            await ScenarioAsync(output, options, http, server, $"task list page (unit staff, {open.Count:N0} open of its tasks)", cookie, _ =>
                new HttpRequestMessage(HttpMethod.Get, "/api/tasks?page=1&pageSize=20"));
            var next = 0;
            await ScenarioAsync(output, options, http, server, "progress report (multipart POST)", cookie, i =>
            {
                var task = open[Interlocked.Increment(ref next) % open.Count];
                // The form a browser sends, written as bytes: building it from MultipartFormDataContent parts cost the
                // client (on the same two cores) about as much CPU as the host spent on the request.
                var body = System.Text.Encoding.UTF8.GetBytes(
                    $"--{Boundary}\r\nContent-Disposition: form-data; name=\"percent\"\r\n\r\n{10 + Math.Abs(i) % 9 * 10}\r\n" +
                    $"--{Boundary}\r\nContent-Disposition: form-data; name=\"narrative\"\r\n\r\n按计划推进，本月完成阶段性目标。\r\n--{Boundary}--\r\n");
                var content = new ByteArrayContent(body);
                content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={Boundary}");
                return new HttpRequestMessage(HttpMethod.Post, $"/api/tasks/{task}/progress") { Content = content };
            });
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private const string Password = "Bench#2026";
    private const string Boundary = "policytracker-bench";

    private static async Task ScenarioAsync(TextWriter output, BenchOptions options, HttpClient http, Process server, string name, string cookie,
        Func<int, HttpRequestMessage> request)
    {
        string? firstFailure = null;
        async Task<bool> SendAsync(int i)
        {
            // A request that fails or takes longer than 10 s counts as an error; the run goes on.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                using var message = request(i);
                message.Headers.Add("Cookie", cookie);
                // The web host's anti-forgery rule: a cookie-authenticated change must carry the header its UI sends.
                message.Headers.Add("X-Requested-With", "PolicyTracker");
                using var response = await http.SendAsync(message, timeout.Token);
                await response.Content.ReadAsByteArrayAsync(timeout.Token);
                if (!response.IsSuccessStatusCode) Interlocked.CompareExchange(ref firstFailure, $"HTTP {(int)response.StatusCode}", null);
                return response.IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                Interlocked.CompareExchange(ref firstFailure, e.GetType().Name, null);
                return false;
            }
        }
        // Warm-up: the same load until the host's JIT has settled, before timing starts. The runtime compiles hot
        // methods again in the background (tiered compilation, with profile-guided rounds in between): at a million
        // tasks on the shared machine its compiler thread was still busy 30 s into a run (7 s of CPU), and a timed run
        // started after a fixed 8 s counted much of that as the requests' cost. So the load runs in rounds of two
        // seconds, at least eight seconds and at most sixty, until a round's compiling is under 5 % of the host's CPU.
        var warm = Stopwatch.StartNew();
        var round = 0;
        var (hostCpu, jitCpu) = (CpuTime(server), CompilerCpu(server));
        while (true)
        {
            var until = 2.0 * ++round;
            await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async w =>
            {
                for (var i = w; warm.Elapsed.TotalSeconds < until; i += options.Concurrency) await SendAsync(-1 - i);
            }));
            var (host, jit) = (CpuTime(server), CompilerCpu(server));
            var settled = jit is null || jit - jitCpu < 0.05 * (host - hostCpu);
            (hostCpu, jitCpu) = (host, jit);
            if (warm.Elapsed.TotalSeconds >= 60 || (settled && warm.Elapsed.TotalSeconds >= 8)) break;
        }
        PeakMemory.Reset(server.Id);
        // CPU time per answered request, of the web host and of this client process: on a shared machine the rate
        // depends on what else runs, the CPU a request costs much less.
        var (serverCpu, clientCpu) = (CpuTime(server), CpuTime(Process.GetCurrentProcess()));
        var timings = new System.Collections.Concurrent.ConcurrentBag<double>();
        var errors = 0;
        var issued = 0;
        var deadline = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, options.Concurrency).Select(async _ =>
        {
            while (deadline.Elapsed.TotalSeconds < options.Seconds)
            {
                var i = Interlocked.Increment(ref issued);
                if (i > options.Requests) return;
                var watch = Stopwatch.StartNew();
                // Only answered requests are timed and counted: a refusal is cheap and would flatter the rate.
                if (await SendAsync(i)) timings.Add(watch.Elapsed.TotalMilliseconds);
                else Interlocked.Increment(ref errors);
            }
        }).ToList();
        await Task.WhenAll(workers);
        var elapsed = deadline.Elapsed.TotalSeconds;
        var answered = Math.Max(1, timings.Count);
        var (serverMs, clientMs) = ((CpuTime(server) - serverCpu) / answered, (CpuTime(Process.GetCurrentProcess()) - clientCpu) / answered);
        var (p50, p95) = Percentiles.Of(timings.ToList());
        output.WriteLine($"  {name,-44} {timings.Count / elapsed,8:N0} {p50,8:F1} {p95,8:F1} {errors,7}   {PeakMemory.MiB(server.Id),6:F0}            {serverMs,6:F2} {clientMs,6:F2}   (warm-up {warm.Elapsed.TotalSeconds:F0} s)");
        if (firstFailure is not null) output.WriteLine($"    first failure: {firstFailure}");
    }

    /// <summary>
    /// CPU milliseconds the runtime's background compiler thread (".NET Tiered Com…") of the process has used, from
    /// /proc; null where that cannot be read.
    /// </summary>
    private static double? CompilerCpu(Process process)
    {
        try
        {
            double ticks = 0;
            foreach (var task in Directory.EnumerateDirectories($"/proc/{process.Id}/task"))
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered Com")) continue;
                // utime and stime are the 14th and 15th fields; the name (2nd) may hold spaces, so count after its ')'.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += double.Parse(fields[11]) + double.Parse(fields[12]);
            }
            return ticks * 10;   // USER_HZ is 100 on Linux
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>User and system CPU the process has used so far, in milliseconds.</summary>
    private static double CpuTime(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime.TotalMilliseconds;
    }

    private static async Task WaitHealthyAsync(HttpClient http, Process server)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (server.HasExited) throw new InvalidOperationException($"the web host exited with code {server.ExitCode}");
            try
            {
                if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException("the web host did not become healthy");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The web host built beside this CLI (same configuration), found from the repository layout.</summary>
    private static string? WebHostPath()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory); // src/PolicyTracker.Cli/bin/<Configuration>/<tfm>/
        var tfm = here.Name;
        var configuration = here.Parent?.Name;
        var src = here.Parent?.Parent?.Parent?.Parent;
        if (src is null || configuration is null) return null;
        var path = Path.Combine(src.FullName, "PolicyTracker.Web", "bin", configuration, tfm, "PolicyTracker.Web.dll");
        return File.Exists(path) ? path : null;
    }
}
