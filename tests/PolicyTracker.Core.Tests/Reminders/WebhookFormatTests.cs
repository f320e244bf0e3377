using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Notifications.Channels;

namespace PolicyTracker.Core.Tests.Reminders;

public sealed class WebhookFormatTests
{
    private static OutboundMessage Message(WebhookFormat format) => new(Guid.NewGuid(), Guid.NewGuid(), "deadline", "【到期提醒】任务还有3天到期",
        "完成时限：2026年3月5日", "https://example.invalid/hook", format, new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));

    [Fact]
    public void DingTalk_robots_get_a_markdown_message_with_title_and_text()
    {
        var body = WebhookChannel.Body(Message(WebhookFormat.DingTalk));
        Assert.Equal("markdown", (string?)body["msgtype"]);
        Assert.Equal("【到期提醒】任务还有3天到期", (string?)body["markdown"]!["title"]);
        Assert.Equal("### 【到期提醒】任务还有3天到期\n\n完成时限：2026年3月5日", (string?)body["markdown"]!["text"]);
    }

    [Fact]
    public void WeCom_robots_get_a_markdown_message_with_content()
    {
        var body = WebhookChannel.Body(Message(WebhookFormat.WeCom));
        Assert.Equal("markdown", (string?)body["msgtype"]);
        Assert.Equal("**【到期提醒】任务还有3天到期**\n完成时限：2026年3月5日", (string?)body["markdown"]!["content"]);
    }

    [Fact]
    public void Plain_json_carries_the_notification_id_kind_title_and_body()
    {
        var message = Message(WebhookFormat.Json);
        var body = WebhookChannel.Body(message);
        Assert.Equal(message.NotificationId, body["id"]!.GetValue<Guid>());
        Assert.Equal("deadline", (string?)body["kind"]);
        Assert.Equal(message.Title, (string?)body["title"]);
        Assert.Equal(message.Body, (string?)body["body"]);
    }
}
