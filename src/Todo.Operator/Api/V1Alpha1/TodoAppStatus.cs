namespace Todo.Operator.Api.V1Alpha1;

/// <summary>The observed state of a TodoApp.</summary>
internal sealed class TodoAppStatus
{
}
