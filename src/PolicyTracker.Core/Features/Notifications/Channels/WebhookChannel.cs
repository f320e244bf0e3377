using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Notifications.Channels;

/// <summary>
/// A JSON POST: plain JSON, or the robot message formats of 钉钉 (DingTalk) and 企业微信 (WeCom), which answer
/// HTTP 200 with a non-zero errcode when they refuse a message — that counts as a failure too.
/// </summary>
public sealed class WebhookChannel(IHttpClientFactory clients) : INotificationChannel
{
    public DeliveryChannel Channel => DeliveryChannel.Webhook;

    public async Task SendAsync(OutboundMessage message, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, message.Destination) { Content = JsonContent.Create(Body(message)) };
        // Receivers that keep this key can drop the copy of a resend after a crash between sending and recording it.
        request.Headers.Add("Idempotency-Key", message.MessageId.ToString("N"));
        using var response = await clients.CreateClient(NotificationServices.WebhookClient).SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"webhook 返回 {(int)response.StatusCode}: {Shorten(text)}");
        if (message.Format != WebhookFormat.Json && ErrorCode(text) is { } code and not 0)
            throw new HttpRequestException($"机器人拒收消息 errcode={code}: {Shorten(text)}");
    }

    public static JsonNode Body(OutboundMessage m) => m.Format switch
    {
        WebhookFormat.DingTalk => new JsonObject
        {
            ["msgtype"] = "markdown",
            ["markdown"] = new JsonObject { ["title"] = m.Title, ["text"] = $"### {m.Title}\n\n{m.Body}" },
        },
        WebhookFormat.WeCom => new JsonObject
        {
            ["msgtype"] = "markdown",
            ["markdown"] = new JsonObject { ["content"] = $"**{m.Title}**\n{m.Body}" },
        },
        _ => new JsonObject
        {
            ["id"] = m.NotificationId,
            ["kind"] = m.Kind,
            ["title"] = m.Title,
            ["body"] = m.Body,
            ["createdAt"] = m.CreatedAt,
        },
    };

    private static int? ErrorCode(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.TryGetProperty("errcode", out var code) && code.TryGetInt32(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..200] : text;
}
