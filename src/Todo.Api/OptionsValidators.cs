using Microsoft.Extensions.Options;
using Todo.Api.Storage;

namespace Todo.Api;

/// <summary>
/// The settings' validation, generated at build time from their attributes (and <see cref="ApiOptions.Validate"/>):
/// the reflection-based <c>ValidateDataAnnotations</c> cannot be trimmed or AOT-compiled.
/// </summary>
[OptionsValidator]
internal sealed partial class ApiOptionsValidator : IValidateOptions<ApiOptions>;

/// <inheritdoc cref="ApiOptionsValidator"/>
[OptionsValidator]
internal sealed partial class RedisOptionsValidator : IValidateOptions<RedisOptions>;
