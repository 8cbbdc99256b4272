namespace Todo.Operator.Runtime.Workflows;

/// <summary>A workflow whose declarations cannot be run: a member named twice, a dependency on no member, a cycle.</summary>
public sealed class InvalidWorkflowException : Exception
{
    public InvalidWorkflowException()
    {
    }

    public InvalidWorkflowException(string message)
        : base(message)
    {
    }

    public InvalidWorkflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
