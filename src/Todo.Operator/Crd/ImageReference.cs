using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Todo.Operator.Crd;

/// <summary>A container image pinned to a tag.</summary>
[Description("A container image pinned to a tag.")]
internal sealed class ImageReference
{
    public const string RepositoryPattern = @"^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*$";
    public const string TagPattern = @"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$";

    [JsonPropertyName("repository")]
    [Required]
    [RegularExpression(RepositoryPattern)]
    [Description("The image repository without tag, e.g. 'registry.example.com/todo-api'.")]
    public string Repository { get; set; } = "";

    [JsonPropertyName("tag")]
    [Required]
    [RegularExpression(TagPattern)]
    [Description("The image tag, e.g. '1.4.2'. 'latest' is rejected: a tag must identify one build.")]
    public string Tag { get; set; } = "";

    public override string ToString() => $"{Repository}:{Tag}";
}
