using System.Collections;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using k8s.Models;
using Todo.Operator.Runtime;

namespace Todo.Operator.Generation;

/// <summary>
/// Builds a structural OpenAPI v3 schema from C# types. Descriptions come from [Description] (every
/// property must have one, so `kubectl explain` documents the whole API), validations from the
/// DataAnnotations attributes, and defaults from the property initialisers of a fresh instance, so the
/// C# defaults and the API server's defaults cannot disagree.
/// </summary>
[RequiresUnreferencedCode(GenerateFeature.Why)]
[RequiresDynamicCode(GenerateFeature.Why)]
internal static class SchemaGenerator
{
    public static V1JSONSchemaProps ForObject(Type type, bool withDefaults) => Object(type, withDefaults);

    private static V1JSONSchemaProps Object(Type type, bool withDefaults)
    {
        if (KnownSchemas.For(type) is { } known)
        {
            return known;
        }

        var instance = withDefaults ? Activator.CreateInstance(type) : null;
        var properties = new Dictionary<string, V1JSONSchemaProps>();
        var required = new List<string>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonPropertyNameAttribute>() is not { } jsonName)
            {
                continue;
            }

            var schema = ForProperty(property, withDefaults);
            var isRequired = property.GetCustomAttribute<RequiredAttribute>() is not null;
            if (isRequired)
            {
                required.Add(jsonName.Name);
            }
            else if (instance is not null && DefaultOf(property.GetValue(instance)) is { } defaultValue)
            {
                schema.DefaultProperty = defaultValue;
            }

            properties[jsonName.Name] = schema;
        }

        return new V1JSONSchemaProps
        {
            Type = "object",
            Description = type.GetCustomAttribute<DescriptionAttribute>()?.Description,
            Properties = properties,
            Required = required.Count > 0 ? required : null,
        };
    }

    private static V1JSONSchemaProps ForProperty(PropertyInfo property, bool withDefaults)
    {
        var description = property.GetCustomAttribute<DescriptionAttribute>()?.Description
            ?? throw new InvalidOperationException(
                $"{property.DeclaringType?.Name}.{property.Name} has no [Description]; every API field must be documented for kubectl explain.");
        var schema = ForType(property.PropertyType, withDefaults);
        schema.Description = description;
        if (schema.Items is V1JSONSchemaProps { Description: null } items)
        {
            // A list of strings has no type of its own to describe its entries.
            items.Description = "One entry of the list.";
        }

        ApplyValidations(property, schema);
        return schema;
    }

    private static V1JSONSchemaProps ForType(Type type, bool withDefaults)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(string) => new() { Type = "string" },
            _ when type == typeof(bool) => new() { Type = "boolean" },
            _ when type == typeof(int) => new() { Type = "integer", Format = "int32" },
            _ when type == typeof(long) => new() { Type = "integer", Format = "int64" },
            _ when type == typeof(DateTime) => new() { Type = "string", Format = "date-time" },
            { IsEnum: true } => new() { Type = "string", EnumProperty = EnumNames(type) },
            _ when DictionaryValueType(type) is { } valueType => new()
            {
                Type = "object",
                AdditionalProperties = ForType(valueType, withDefaults),
            },
            _ when ListItemType(type) is { } itemType => new() { Type = "array", Items = ForType(itemType, withDefaults) },
            { IsClass: true } => Object(type, withDefaults),
            _ => throw new InvalidOperationException($"No schema mapping for {type}."),
        };
    }

    private static void ApplyValidations(PropertyInfo property, V1JSONSchemaProps schema)
    {
        if (property.GetCustomAttribute<RangeAttribute>() is { } range)
        {
            schema.Minimum = Convert.ToDouble(range.Minimum, System.Globalization.CultureInfo.InvariantCulture);
            schema.Maximum = Convert.ToDouble(range.Maximum, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (property.GetCustomAttribute<RegularExpressionAttribute>() is { } pattern)
        {
            schema.Pattern = pattern.Pattern;
        }

        if (property.GetCustomAttribute<MinimumLengthAttribute>() is { } minLength)
        {
            schema.MinLength = minLength.Length;
        }

        if (property.GetCustomAttribute<MaximumLengthAttribute>() is { } maxLength)
        {
            schema.MaxLength = maxLength.Length;
        }
    }

    private static List<object> EnumNames(Type enumType) =>
        [.. enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? field.Name)];

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>))
            && type.GetGenericArguments()[0] == typeof(string)
            ? type.GetGenericArguments()[1]
            : null;

    private static Type? ListItemType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>))
            ? type.GetGenericArguments()[0]
            : null;

    /// <summary>
    /// The model settings plus reflection, for defaults of any property type: generate runs in the JIT build only.
    /// </summary>
    private static readonly JsonSerializerOptions DefaultsJson = new(ModelJson.Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(ModelJson.Options.TypeInfoResolver, new DefaultJsonTypeInfoResolver()),
    };

    /// <summary>
    /// The initial value as plain YAML-serialisable data, or null when it should not become a default
    /// (absent, or an empty string that only satisfies the compiler).
    /// </summary>
    private static object? DefaultOf(object? value) => value switch
    {
        null or "" => null,
        ICollection { Count: 0 } => null,
        _ => ToPlainData(JsonSerializer.SerializeToElement(value, value.GetType(), DefaultsJson)),
    };

    private static object? ToPlainData(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject()
            .Where(property => property.Value.ValueKind is not JsonValueKind.Null)
            .ToDictionary(property => property.Name, property => ToPlainData(property.Value)),
        JsonValueKind.Array => element.EnumerateArray().Select(ToPlainData).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetInt64(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
