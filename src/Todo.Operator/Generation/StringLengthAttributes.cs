namespace Todo.Operator.Generation;

/// <summary>
/// The schema's <c>minLength</c> of a string field. The operator's own rather than DataAnnotations' <c>MinLength</c>, which
/// validates collections by reflection and so cannot be part of a trimmed (Native AOT) build.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class MinimumLengthAttribute(int length) : Attribute
{
    public int Length { get; } = length;
}

/// <summary>The schema's <c>maxLength</c> of a string field (see <see cref="MinimumLengthAttribute"/> for why it is ours).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class MaximumLengthAttribute(int length) : Attribute
{
    public int Length { get; } = length;
}
