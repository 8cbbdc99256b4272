using System.ComponentModel.DataAnnotations;

namespace Todo.Api;

/// <summary>How the API serves its clients (configuration section <c>Api</c>, environment variables <c>Api__*</c>).</summary>
internal sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>
    /// Todos one app may hold. The default keeps the largest possible collection (500-character titles of 4-byte
    /// characters, about 2.2 KB a todo in Redis) within a tenth of the operator's default Redis memory (256 MiB).
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxTodos { get; set; } = 10_000;
}
