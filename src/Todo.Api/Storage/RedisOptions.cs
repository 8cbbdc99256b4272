using System.ComponentModel.DataAnnotations;

namespace Todo.Api.Storage;

/// <summary>Connection settings of the Redis that stores the todos (configuration section <c>Redis</c>).</summary>
internal sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>host:port of the Redis server.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Endpoint { get; set; } = "localhost:6379";

    public string? Password { get; set; }

    public bool Ssl { get; set; }

    [Range(0, 15)]
    public int Database { get; set; }

    /// <summary>Namespaces every key, so that several apps can share one Redis.</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[A-Za-z0-9_.:-]{1,64}$", ErrorMessage = "KeyPrefix must be 1-64 characters of letters, digits, '_', '.', ':' or '-'.")]
    public string KeyPrefix { get; set; } = "todo";

    /// <summary>How long one Redis call may take before the request gets a 503.</summary>
    [Range(100, 60_000)]
    public int TimeoutMilliseconds { get; set; } = 5_000;
}
