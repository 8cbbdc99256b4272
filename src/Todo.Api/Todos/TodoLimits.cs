namespace Todo.Api.Todos;

/// <summary>The documented input limits (docs/api.md).</summary>
internal static class TodoLimits
{
    public const int MaxTitleLength = 500;

    public const int MaxBodyBytes = 16 * 1024;

    public const int MaxPageSize = 1000;
}
