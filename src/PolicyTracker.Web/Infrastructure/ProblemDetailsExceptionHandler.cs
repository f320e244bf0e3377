using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Domain;
using PolicyTracker.Extraction.Input;

namespace PolicyTracker.Web.Infrastructure;

/// <summary>
/// The one place exceptions become RFC 7807 responses: 400 with field errors, 403, 404, 409 for business-rule and
/// concurrency conflicts. Anything else is a 500 that names no type, stack or SQL.
/// </summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> log)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        ProblemDetails problem = exception switch
        {
            ValidationException v => new ValidationProblemDetails(v.Errors
                .GroupBy(e => Camel(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()))
            { Status = 400, Title = "输入有误" },
            ExtractionInputException e => new() { Status = 400, Title = "无法读取文件", Detail = e.Message },
            BadHttpRequestException b => new() { Status = b.StatusCode, Title = "请求有误", Detail = b.Message },
            ForbiddenException f => new() { Status = 403, Title = "无权操作", Detail = f.Message },
            NotFoundException n => new() { Status = 404, Title = "未找到", Detail = n.Message },
            DbUpdateConcurrencyException => new() { Status = 409, Title = "数据已被他人修改", Detail = "请刷新后重试" },
            DomainException d => new() { Status = 409, Title = "操作不符合业务规则", Detail = d.Message },
            _ => new() { Status = 500, Title = "服务器内部错误", Detail = "请稍后重试或联系管理员" },
        };
        if (problem.Status == 500) log.LogError(exception, "Unhandled exception on {Path}", http.Request.Path);
        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new() { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static string Camel(string name) =>
        string.IsNullOrEmpty(name) ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
