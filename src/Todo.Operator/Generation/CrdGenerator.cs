using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using k8s.Models;

namespace Todo.Operator.Generation;

/// <summary>
/// Produces the CustomResourceDefinition of an entity's versions from their attributes and C# types, as controller-gen
/// does for Go types: one schema per version, the storage version marked <see cref="StorageVersionAttribute"/>, deprecated
/// ones <see cref="DeprecatedVersionAttribute"/>, and with more than one version a conversion webhook. The result has no
/// CEL rules, so Kubernetes 1.20 accepts it.
/// </summary>
[RequiresUnreferencedCode(GenerateFeature.Why)]
[RequiresDynamicCode(GenerateFeature.Why)]
internal static class CrdGenerator
{
    public static V1CustomResourceDefinition Generate(Type entityType) => Generate([entityType], conversion: null);

    /// <summary>All <paramref name="versionTypes"/> (the first is the one kubectl prefers to print), converted by <paramref name="conversion"/>.</summary>
    public static V1CustomResourceDefinition Generate(IReadOnlyList<Type> versionTypes, Apiextensionsv1ServiceReference? conversion)
    {
        var entities = versionTypes.Select(type => type.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new InvalidOperationException($"{type.FullName} has no [KubernetesEntity].")).ToList();
        var entity = entities[0];
        if (entities.Any(other => (other.Group, other.Kind, other.PluralName) != (entity.Group, entity.Kind, entity.PluralName)))
        {
            throw new InvalidOperationException("Every version must name the same group, kind and plural.");
        }

        var names = versionTypes[0].GetCustomAttribute<ResourceNamesAttribute>() ?? new ResourceNamesAttribute();
        return new V1CustomResourceDefinition
        {
            ApiVersion = "apiextensions.k8s.io/v1",
            Kind = "CustomResourceDefinition",
            Metadata = new V1ObjectMeta { Name = $"{entity.PluralName}.{entity.Group}" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = entity.Group,
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames
                {
                    Kind = entity.Kind,
                    ListKind = $"{entity.Kind}List",
                    Plural = entity.PluralName,
                    Singular = entity.Kind.ToLowerInvariant(),
                    ShortNames = names.ShortNames.Length > 0 ? names.ShortNames : null,
                    Categories = names.Categories.Length > 0 ? names.Categories : null,
                },
                Versions = [.. versionTypes.Select(type => Version(type, storage: versionTypes.Count == 1 || type.GetCustomAttribute<StorageVersionAttribute>() is not null))],
                Conversion = versionTypes.Count == 1 || conversion is null
                    ? null
                    : new V1CustomResourceConversion
                    {
                        Strategy = "Webhook",
                        Webhook = new V1WebhookConversion
                        {
                            ConversionReviewVersions = ["v1"],
                            ClientConfig = new Apiextensionsv1WebhookClientConfig { Service = conversion },
                        },
                    },
            },
        };
    }

    private static V1CustomResourceDefinitionVersion Version(Type entityType, bool storage)
    {
        var scale = entityType.GetCustomAttribute<ScaleSubresourceAttribute>();
        var hasStatus = entityType.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IStatus<>));
        var deprecated = entityType.GetCustomAttribute<DeprecatedVersionAttribute>();
        return new V1CustomResourceDefinitionVersion
        {
            Name = entityType.GetCustomAttribute<KubernetesEntityAttribute>()!.ApiVersion,
            Served = true,
            Storage = storage,
            Deprecated = deprecated is null ? null : true,
            DeprecationWarning = deprecated?.Warning,
            Schema = new V1CustomResourceValidation { OpenAPIV3Schema = RootSchema(entityType) },
            Subresources = hasStatus || scale is not null
                ? new V1CustomResourceSubresources
                {
                    Status = hasStatus ? new Dictionary<string, object>() : null,
                    Scale = scale is null
                        ? null
                        : new V1CustomResourceSubresourceScale
                        {
                            SpecReplicasPath = scale.SpecReplicasPath,
                            StatusReplicasPath = scale.StatusReplicasPath,
                            LabelSelectorPath = scale.LabelSelectorPath,
                        },
                }
                : null,
            AdditionalPrinterColumns = [.. entityType.GetCustomAttributes<PrinterColumnAttribute>().Select(Column)],
        };
    }

    private static V1JSONSchemaProps RootSchema(Type entityType)
    {
        var properties = new Dictionary<string, V1JSONSchemaProps>
        {
            ["apiVersion"] = new()
            {
                Type = "string",
                Description = "The versioned schema of this representation of an object.",
            },
            ["kind"] = new() { Type = "string", Description = "The REST resource this object represents." },
            ["metadata"] = new() { Type = "object" },
        };
        if (entityType.GetProperty("Spec") is { } spec)
        {
            properties["spec"] = SchemaGenerator.ForObject(spec.PropertyType, withDefaults: true);
        }

        if (entityType.GetProperty("Status") is { } status)
        {
            properties["status"] = SchemaGenerator.ForObject(
                Nullable.GetUnderlyingType(status.PropertyType) ?? status.PropertyType, withDefaults: false);
        }

        return new V1JSONSchemaProps
        {
            Type = "object",
            Description = entityType.GetCustomAttribute<DescriptionAttribute>()?.Description,
            Properties = properties,
            Required = entityType.GetProperty("Spec") is null ? null : ["spec"],
        };
    }

    private static V1CustomResourceColumnDefinition Column(PrinterColumnAttribute column) => new()
    {
        Name = column.Name,
        Type = column.Type,
        JsonPath = column.JsonPath,
        Description = column.Description,
        Priority = column.Priority == 0 ? null : column.Priority,
    };
}
