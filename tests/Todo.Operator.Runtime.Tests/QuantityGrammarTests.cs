using System.Globalization;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Client;

namespace Todo.Operator.Runtime.Tests;

/// <summary>
/// The quantities the runtime decodes: every value of <see cref="QuantityGrammar"/> decodes (and prints) at once, everything
/// else fails as a JsonException naming the field; the values that made KubernetesClient throw or compute for hours are outside.
/// </summary>
public sealed class QuantityGrammarTests
{
    // A generous guard against a hang (the unbounded parser takes hours on "1e999999999"); not a speed measurement.
    private const int HangGuardMilliseconds = 30_000;

    private static readonly string[] Extremes =
    [
        "0", "+0", "+1", "5.", ".5", "+.5e-99", "1e99", "1E-99", "1Ei", "999Ei", "1E", "1n", "100m", "256Mi",
        new string('9', 17) + "Ei", "+" + new string('9', 17) + "Ei", new string('9', 17) + "." + new string('9', 9) + "E",
        "+" + new string('9', 17) + "." + new string('9', 9) + "e+99", new string('9', 17) + "." + new string('9', 9) + "e1",
        "." + new string('1', 9) + "e-99", "1" + new string('0', 16) + ".000000001",
    ];

    [Fact(Timeout = HangGuardMilliseconds)]
    public async Task Every_quantity_of_the_grammar_decodes_and_prints()
    {
        var random = new Random(20261201);
        var values = Extremes.Concat(Enumerable.Range(0, 5000).Select(_ => RandomQuantity(random))).ToList();

        await Task.Run(() =>
        {
            foreach (var value in values)
            {
                Assert.True(QuantityGrammar.IsValid(value), $"the generator made '{value}', outside the grammar");
                var decoded = Decode($"\"{value}\"");
                Assert.False(string.IsNullOrEmpty(decoded.ToString()), value);
            }
        }, TestContext.Current.CancellationToken);
    }

    [Theory(Timeout = HangGuardMilliseconds)]
    [InlineData("\"1e1.5\"")]
    [InlineData("\"1e.5\"")]
    [InlineData("\"1e999999999\"")]
    [InlineData("1e999999999")]
    [InlineData("\"1e100\"")]
    [InlineData("\"-1e3\"")]
    [InlineData("\"-1\"")]
    [InlineData("\"123456789012345678\"")]
    [InlineData("\"1.1234567890\"")]
    [InlineData("\"1.2.3\"")]
    [InlineData("\"Ki\"")]
    [InlineData("\"\"")]
    [InlineData("\"1Gi \"")]
    public async Task A_value_outside_the_grammar_fails_as_a_json_error_naming_the_field(string json)
    {
        var error = await Task.Run(() => Assert.Throws<JsonException>(() => Decode(json)), TestContext.Current.CancellationToken);

        Assert.Equal("$.limits.memory", error.Path);
        Assert.Contains("not a quantity the operator reads", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_longer_than_the_grammar_allows_is_refused_and_shown_shortened()
    {
        var value = new string('1', QuantityGrammar.MaxLength + 1);

        var error = Assert.Throws<JsonException>(() => Decode($"\"{value}\""));

        Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
        Assert.Contains($"{value[..QuantityGrammar.MaxLength]}...", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_decode_as_written_and_print_as_strings()
    {
        var requirements = KubernetesJson.Deserialize<V1ResourceRequirements>("""{"limits":{"memory":1073741824,"cpu":1.5}}""", BoundedJson.Options);

        Assert.Equal("1073741824", requirements.Limits["memory"].ToString());
        Assert.Equal("1500m", requirements.Limits["cpu"].ToString());
        Assert.Equal("""{"limits":{"memory":"1073741824","cpu":"1500m"}}""", KubernetesJson.Serialize(requirements, BoundedJson.Options));
    }

    private static ResourceQuantity Decode(string memory) =>
        KubernetesJson.Deserialize<V1ResourceRequirements>("{\"limits\":{\"memory\":" + memory + "}}", BoundedJson.Options).Limits["memory"];

    /// <summary>A random string of the grammar: sign, digits with an optional fraction, then a suffix or a short exponent.</summary>
    private static string RandomQuantity(Random random)
    {
        var text = new StringBuilder();
        text.Append(random.Next(2) == 0 ? "" : "+");
        if (random.Next(4) == 0)
        {
            text.Append('.').Append(Digits(random, random.Next(1, 10)));
        }
        else
        {
            text.Append(Digits(random, random.Next(1, 18)));
            if (random.Next(2) == 0)
            {
                text.Append('.').Append(Digits(random, random.Next(0, 10)));
            }
        }

        string[] suffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E"];
        var suffix = random.Next(3) == 0
            ? $"{(random.Next(2) == 0 ? 'e' : 'E')}{random.Next(3) switch { 0 => "", 1 => "+", _ => "-" }}{random.Next(100).ToString(CultureInfo.InvariantCulture)}"
            : suffixes[random.Next(suffixes.Length)];
        return text.Append(suffix).ToString();
    }

    private static string Digits(Random random, int count) =>
        string.Concat(Enumerable.Range(0, count).Select(_ => (char)('0' + random.Next(10))));
}
