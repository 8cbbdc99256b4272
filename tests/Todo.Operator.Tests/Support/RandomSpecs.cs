using System.Collections;
using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;
using Todo.Operator.Crd;

namespace Todo.Operator.Tests.Support;

/// <summary>
/// Hub specs with every field the hub has set to a random value, found by reflection (a field added to the hub is
/// generated without a change here), seeded so a failure can be replayed.
/// </summary>
internal sealed class RandomSpecs(int seed)
{
    private static readonly string[] Quantities = ["100m", "250m", "2", "64Mi", "1Gi", "512Mi", "10Gi"];

    private readonly Random random = new(seed);

    public TodoAppSpec Next() => (TodoAppSpec)Value(typeof(TodoAppSpec), depth: 0)!;

    private object? Value(Type type, int depth)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return random.Next(4) == 0 ? null : Value(underlying, depth);
        }

        if (type == typeof(string))
        {
            return Word();
        }

        if (type == typeof(bool))
        {
            return random.Next(2) == 0;
        }

        if (type == typeof(int))
        {
            return random.Next(1, 100);
        }

        if (type.IsEnum)
        {
            var values = Enum.GetValues(type);
            return values.GetValue(random.Next(values.Length));
        }

        if (type == typeof(ResourceQuantity))
        {
            return new ResourceQuantity(Quantities[random.Next(Quantities.Length)]);
        }

        if (type == typeof(V1ResourceRequirements))
        {
            return new V1ResourceRequirements { Requests = Quantified(), Limits = Quantified() };
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>)))
        {
            var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(type.GetGenericArguments()))!;
            for (var i = random.Next(3); i > 0; i--)
            {
                dictionary[Word()] = Value(type.GetGenericArguments()[1], depth + 1);
            }

            return dictionary;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is var list && (list == typeof(IList<>) || list == typeof(List<>)))
        {
            var items = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(type.GetGenericArguments()))!;
            for (var i = random.Next(3); i > 0; i--)
            {
                items.Add(Value(type.GetGenericArguments()[0], depth + 1));
            }

            return items;
        }

        if (type.IsClass && type.Namespace?.StartsWith("Todo.Operator.Crd", StringComparison.Ordinal) is true)
        {
            var instance = Activator.CreateInstance(type)!;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(property => property.GetCustomAttribute<JsonPropertyNameAttribute>() is not null && property.CanWrite))
            {
                var nullable = new NullabilityInfoContext().Create(property).WriteState is NullabilityState.Nullable;
                property.SetValue(instance, nullable && random.Next(4) == 0 ? null : Value(property.PropertyType, depth + 1));
            }

            return instance;
        }

        throw new NotSupportedException($"RandomSpecs cannot make a {type.FullName}: add it here.");
    }

    private Dictionary<string, ResourceQuantity>? Quantified() =>
        random.Next(4) == 0 ? null : new Dictionary<string, ResourceQuantity> { ["cpu"] = new(Quantities[random.Next(2)]), ["memory"] = new(Quantities[3 + random.Next(3)]) };

    private string Word() => $"w{random.Next(1000):D3}";
}
