using System.Text.RegularExpressions;

namespace Todo.Operator.Runtime.Client;

/// <summary>
/// The resource quantities the runtime decodes: Kubernetes' syntax (<c>resource.ParseQuantity</c>: a decimal number, then a
/// binary or decimal SI suffix or a decimal exponent) with bounds. KubernetesClient parses a quantity eagerly into an exact
/// fraction: "1e1.5" throws, "1e999999999" computes a power of ten with a billion digits (hours, gigabytes); it prints
/// through <c>decimal</c>, which overflows past 28 significant digits; and printing a negative quantity in exponent form
/// ("-1e3") never ends. So: no sign but '+' (resources are never negative), an integer exponent of at most two digits, at
/// most 17 digits before the point (10^17 bytes is 88 PiB) and 9 after it (a nano is the smallest unit). Every value of it
/// parses and prints in microseconds. A CRD that uses <see cref="Pattern"/> lets the API server refuse what the operator
/// could not read.
/// </summary>
public static partial class QuantityGrammar
{
    public const string Pattern =
        @"^\+?(([0-9]{1,17}(\.[0-9]{0,9})?)|(\.[0-9]{1,9}))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?[0-9]{1,2}))?$";

    /// <summary>The longest value of the grammar: a sign, 17 digits, a point, 9 digits and a signed two-digit exponent.</summary>
    public const int MaxLength = 32;

    /// <summary>
    /// The bound for a quantity written as a JSON number (888 TiB in bytes): fifteen digits, which a schema's floating-point
    /// maximum carries and prints exactly; inside the grammar's 17.
    /// </summary>
    public const long MaxInteger = 999_999_999_999_999;

    public static bool IsValid(string value) => value.Length <= MaxLength && Expression().IsMatch(value);

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Expression();
}
