using System.Text.Json;
using Microsoft.Playwright;

namespace PolicyTracker.Ui.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download: the executable is the system's), with a fresh
/// profile per session. Without Chromium the tests fail and say how to install it; they never skip.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _context;
    private readonly string _profile;

    private BrowserSession(IPlaywright playwright, IBrowserContext context, string profile, IPage page)
    {
        _playwright = playwright;
        _context = context;
        _profile = profile;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>Browser console errors and failed page scripts, to show in a failing test's message.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Requests to anywhere but the app: the county intranet has no internet, so there must be none.</summary>
    public List<string> ExternalRequests { get; } = [];

    public static async Task<BrowserSession> OpenAsync(Uri baseAddress, int width = 1366, int height = 900)
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException(
                $"Chromium is not installed ({ChromiumPath} is missing). Run `sudo scripts/install-test-deps.sh` (apt-get install chromium chromium-driver) before the UI tests.");
        var profile = Path.Combine(Path.GetTempPath(), "policytracker-ui-profiles", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var playwright = await Playwright.CreateAsync();
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
            BaseURL = baseAddress.ToString(),
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(15_000);
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        var session = new BrowserSession(playwright, context, profile, page);
        page.Console += (_, m) => { if (m.Type == "error") session.Errors.Add(m.Text); };
        page.PageError += (_, e) => session.Errors.Add(e);
        context.Request += (_, r) =>
        {
            if (Uri.TryCreate(r.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" or "ws" or "wss"
                && !(url.Host == baseAddress.Host && url.Port == baseAddress.Port))
                session.ExternalRequests.Add(r.Url);
        };
        return session;
    }

    public async Task LogInAsync(string userName, string password = UiApp.Password)
    {
        await Page.GotoAsync("/login.html");
        await Page.GetByLabel("用户名").FillAsync(userName);
        await Page.GetByLabel("密码").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Page.WaitForURLAsync(url => !url.Contains("/login.html"));
    }

    /// <summary>Saves a full-page PNG under artifacts/screenshots/ at the repository root.</summary>
    public async Task ScreenshotAsync(string name)
    {
        // Charts draw on the next frames after their data arrives; wait for the page to be idle.
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Page.WaitForTimeoutAsync(300);
        Directory.CreateDirectory(Repository.Screenshots);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Repository.Screenshots, $"{name}.png"), FullPage = true });
    }

    /// <summary>Runs axe-core (from the npm packages of ClientApp) and returns the serious and critical violations.</summary>
    public async Task<IReadOnlyList<string>> SeriousAccessibilityViolationsAsync()
    {
        // Evaluated through the debugging protocol rather than added as a <script>: the app's Content-Security-Policy
        // (script-src 'self') rightly refuses inline scripts, and the pages are tested under that policy.
        await Page.EvaluateAsync(await File.ReadAllTextAsync(Repository.AxeScript));
        var json = await Page.EvaluateAsync<string>(@"async () => {
            const r = await axe.run(document, { resultTypes: ['violations'] });
            return JSON.stringify(r.violations
              .filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')));
        }");
        return JsonSerializer.Deserialize<List<string>>(json) ?? [];
    }

    public async ValueTask DisposeAsync()
    {
        await _context.CloseAsync();
        _playwright.Dispose();
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Paths in the repository the tests run from.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();
    public static string Screenshots => Path.Combine(Root, "artifacts", "screenshots");
    public static string AxeScript => Path.Combine(Root, "src", "PolicyTracker.Web", "ClientApp", "node_modules", "axe-core", "axe.min.js");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PolicyTracker.sln"))) return dir.FullName;
        throw new InvalidOperationException("PolicyTracker.sln not found above " + AppContext.BaseDirectory);
    }
}
