using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Identity;

namespace PolicyTracker.Core.Features.Accounts;

internal static class IdentityErrors
{
    /// <summary>Identity reports in English; the UI speaks Chinese, so known codes become field errors in Chinese.</summary>
    public static void ThrowIfFailed(this IdentityResult result)
    {
        if (result.Succeeded) return;
        throw new ValidationException(result.Errors.Select(e => e.Code switch
        {
            "DuplicateUserName" => new ValidationFailure("userName", "用户名已存在"),
            "InvalidUserName" => new ValidationFailure("userName", "用户名只能包含字母、数字和 -._@+"),
            "PasswordTooShort" => new ValidationFailure("password", "密码至少8位"),
            "PasswordRequiresNonAlphanumeric" => new ValidationFailure("password", "密码须包含至少一个符号"),
            "PasswordRequiresDigit" => new ValidationFailure("password", "密码须包含数字"),
            "PasswordRequiresUpper" => new ValidationFailure("password", "密码须包含大写字母"),
            "PasswordRequiresLower" => new ValidationFailure("password", "密码须包含小写字母"),
            "PasswordRequiresUniqueChars" => new ValidationFailure("password", "密码包含的不同字符太少"),
            _ => new ValidationFailure("", e.Description),
        }));
    }
}
