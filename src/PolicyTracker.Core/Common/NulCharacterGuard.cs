using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using FluentValidation.Results;

namespace PolicyTracker.Core.Common;

/// <summary>
/// No text a person types contains U+0000, and PostgreSQL refuses it in a text column (SQLite would store it), so a
/// message carrying one is invalid input — a 400 on every engine rather than a 500 on one. Walks the message's
/// strings, lists of strings and nested records of this application; file bytes are not text and are skipped.
/// </summary>
internal static class NulCharacterGuard
{
    private const int MaxDepth = 4;
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    public static IEnumerable<ValidationFailure> Check(object message)
    {
        var failures = new List<ValidationFailure>();
        Walk(message, "", 0, failures);
        return failures;
    }

    private static void Walk(object? value, string path, int depth, List<ValidationFailure> failures)
    {
        switch (value)
        {
            case null or byte[]:
                return;
            case string s:
                if (s.Contains('\0')) failures.Add(new ValidationFailure(path, "内容含有无效字符（NUL）"));
                return;
            case IEnumerable items when depth < MaxDepth:
                var i = 0;
                foreach (var item in items) Walk(item, $"{path}[{i++}]", depth + 1, failures);
                return;
        }
        var type = value.GetType();
        if (depth >= MaxDepth || type.Assembly != typeof(NulCharacterGuard).Assembly) return;
        foreach (var property in Properties.GetOrAdd(type, t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.GetIndexParameters().Length == 0).ToArray()))
            Walk(property.GetValue(value), path.Length == 0 ? property.Name : $"{path}.{property.Name}", depth + 1, failures);
    }
}
