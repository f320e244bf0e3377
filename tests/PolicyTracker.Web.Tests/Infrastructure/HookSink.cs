using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace PolicyTracker.Web.Tests.Infrastructure;

/// <summary>
/// A minimal Kestrel receiver on 127.0.0.1 (port chosen by the OS) that keeps every webhook body it accepts, answering
/// like a 钉钉/企业微信 robot; while <see cref="Failing"/> is set it answers 500.
/// </summary>
public sealed class HookSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(JsonElement Body, string? IdempotencyKey)> _received = [];

    private HookSink(WebApplication app) => _app = app;

    public volatile bool Failing;
    /// <summary>Answer 200 with this errcode, as a robot refusing a message (bad keyword, rate limit) does.</summary>
    public volatile int ErrorCode;
    public string Url => _app.Urls.First() + "/hook";

    public IReadOnlyList<(JsonElement Body, string? IdempotencyKey)> Received { get { lock (_received) return _received.ToList(); } }

    public static async Task<HookSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var sink = new HookSink(app);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            if (sink.Failing) return Results.StatusCode(500);
            if (sink.ErrorCode != 0) return Results.Json(new { errcode = sink.ErrorCode, errmsg = "keywords not in content" });
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
            lock (sink._received) sink._received.Add((body, request.Headers["Idempotency-Key"].FirstOrDefault()));
            return Results.Json(new { errcode = 0, errmsg = "ok" });
        });
        await app.StartAsync();
        return sink;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
