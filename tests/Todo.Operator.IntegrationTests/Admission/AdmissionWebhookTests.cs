namespace Todo.Operator.IntegrationTests.Admission;

/// <summary>
/// The collection of test classes that install the operator's ValidatingWebhookConfiguration: its name is cluster-wide (and the only one
/// the operator's RBAC lets it patch), so they run one after the other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AdmissionWebhookTests
{
    public const string Name = "admission webhook";
}
