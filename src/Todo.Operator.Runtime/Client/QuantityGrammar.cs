using System.Text.RegularExpressions;

namespace Todo.Operator.Runtime.Client;

/// <summary>
/// The resource quantities the runtime decodes: Kubernetes' syntax (<c>resource.ParseQuantity</c>: a decimal number,
/// then a binary or decimal SI suffix or a decimal exponent), with the exponent an integer of at most two digits and the
/// whole at most <see cref="MaxLength"/> characters. KubernetesClient parses a quantity eagerly into an exact fraction:
/// "1e1.5" throws, and "1e999999999" computes a power of ten with a billion digits (hours, gigabytes). Inside this
/// grammar the largest value is below 10^64 * 10^99 and parses in microseconds. A CRD that uses this pattern lets the
/// API server refuse what the operator could not read.
/// </summary>
public static partial class QuantityGrammar
{
    public const int MaxLength = 64;

    public const string Pattern = @"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?[0-9]{1,2}))?$";

    public static bool IsValid(string value) => value.Length <= MaxLength && Expression().IsMatch(value);

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Expression();
}
