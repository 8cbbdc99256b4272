using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Todo.Operator.Generation;

namespace Todo.Operator.Crd;

/// <summary>One key of a Secret in the TodoApp's namespace.</summary>
[Description("One key of a Secret in the TodoApp's namespace.")]
internal sealed class SecretKeyReference
{
    [JsonPropertyName("name")]
    [Required]
    [MinimumLength(1)]
    [Description("The name of the Secret.")]
    public string Name { get; set; } = "";

    [JsonPropertyName("key")]
    [MinimumLength(1)]
    [Description("The key in the Secret's data that holds the password.")]
    public string Key { get; set; } = "password";
}
