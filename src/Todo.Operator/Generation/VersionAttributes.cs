namespace Todo.Operator.Generation;

/// <summary>The version of a CRD the API server stores objects in (exactly one version has it).</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class StorageVersionAttribute : Attribute;

/// <summary>A version still served but deprecated: every request to it gets <see cref="Warning"/> (Kubernetes 1.19 and later).</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class DeprecatedVersionAttribute(string warning) : Attribute
{
    public string Warning { get; } = warning;
}
