namespace Todo.Operator.Api.V1Alpha1;

/// <summary>The desired state of a TodoApp.</summary>
internal sealed class TodoAppSpec
{
}
