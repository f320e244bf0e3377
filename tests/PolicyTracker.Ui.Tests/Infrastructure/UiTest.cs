namespace PolicyTracker.Ui.Tests.Infrastructure;

/// <summary>Each test gets its own server, database and browser.</summary>
public abstract class UiTest : IAsyncLifetime
{
    protected UiApp App { get; } = new();
    protected CountyScenario County { get; private set; } = null!;
    private readonly List<BrowserSession> _sessions = [];

    public async Task InitializeAsync()
    {
        await App.StartAsync();
        County = await CountyScenario.CreateAsync(App);
    }

    protected async Task<BrowserSession> BrowserAsync(int width = 1366, int height = 900)
    {
        var session = await BrowserSession.OpenAsync(App.BaseAddress, width, height);
        _sessions.Add(session);
        return session;
    }

    protected async Task<BrowserSession> LoggedInAsync(string userName, int width = 1366, int height = 900)
    {
        var session = await BrowserAsync(width, height);
        await session.LogInAsync(userName);
        return session;
    }

    protected static async Task AssertNoSeriousAccessibilityViolationsAsync(BrowserSession browser)
    {
        var violations = await browser.SeriousAccessibilityViolationsAsync();
        Assert.True(violations.Count == 0, $"{browser.Page.Url}:\n" + string.Join("\n", violations));
    }

    public async Task DisposeAsync()
    {
        foreach (var session in _sessions) await session.DisposeAsync();
        await App.DisposeAsync();
    }
}
