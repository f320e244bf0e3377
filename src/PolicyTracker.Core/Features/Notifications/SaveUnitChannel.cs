using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Notifications;

/// <summary>An admin adds or changes a unit's e-mail address or webhook (钉钉/企业微信 robot) for reminders.</summary>
public static class SaveUnitChannel
{
    /// <param name="Id">null to add a channel, else the channel to change</param>
    public sealed record Command(Guid? Id, Guid UnitId, DeliveryChannel Channel, string Destination,
        WebhookFormat Format = WebhookFormat.Json, bool Enabled = true) : ICommand<Response>;

    public sealed record Response(Guid Id);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.UnitId).NotEmpty().WithMessage("请选择单位");
            RuleFor(c => c.Channel).IsInEnum().WithMessage("渠道无效");
            RuleFor(c => c.Format).IsInEnum().WithMessage("消息格式无效");
            RuleFor(c => c.Destination).NotEmpty().WithMessage("请填写地址").MaximumLength(500).WithMessage("地址过长");
            RuleFor(c => c.Destination).Must(d => MailboxAddress.TryParse(d, out var a) && a.Address.Contains('@'))
                .When(c => c.Channel == DeliveryChannel.Email && !string.IsNullOrEmpty(c.Destination)).WithMessage("邮箱地址格式不正确");
            RuleFor(c => c.Destination).Must(d => Uri.TryCreate(d, UriKind.Absolute, out var u) && u.Scheme is "http" or "https")
                .When(c => c.Channel == DeliveryChannel.Webhook && !string.IsNullOrEmpty(c.Destination)).WithMessage("Webhook 地址必须是 http 或 https 网址");
        }
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            user.MustBeAdmin();
            await db.Units.FindRequiredAsync(cmd.UnitId, ct);
            var destination = cmd.Destination.Trim();
            if (await db.UnitChannels.AnyAsync(c => c.UnitId == cmd.UnitId && c.Channel == cmd.Channel && c.Destination == destination && c.Id != cmd.Id, ct))
                throw new DomainException("该单位已配置相同的接收地址");
            UnitChannel channel;
            if (cmd.Id is { } id)
            {
                channel = await db.UnitChannels.FindRequiredAsync(id, ct);
                if (channel.UnitId != cmd.UnitId || channel.Channel != cmd.Channel) throw new DomainException("不能更改渠道所属单位或类型，请删除后重新添加");
                channel.Change(destination, cmd.Format, cmd.Enabled);
            }
            else
            {
                channel = new UnitChannel(cmd.UnitId, cmd.Channel, destination, cmd.Format) { Enabled = cmd.Enabled };
                db.UnitChannels.Add(channel);
            }
            await db.SaveChangesAsync(ct);
            return new(channel.Id);
        }
    }
}
