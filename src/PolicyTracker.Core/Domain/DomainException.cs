namespace PolicyTracker.Core.Domain;

/// <summary>A business rule refused the change (e.g. confirming a task nobody asked to close). Mapped to 409/422 by the host.</summary>
public class DomainException(string message) : Exception(message);

/// <summary>The entity asked for does not exist. Mapped to 404.</summary>
public sealed class NotFoundException(string what, object id) : Exception($"{what} {id} 不存在");

/// <summary>The caller may not do this (wrong role, or another unit's task). Mapped to 403.</summary>
public sealed class ForbiddenException(string message) : Exception(message);
