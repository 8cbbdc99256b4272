using System.Text.Json.Nodes;

namespace Todo.Operator.Runtime.Webhooks;

/// <summary>
/// Converts objects of one kind between the versions its CRD serves, as the conversion webhook is asked to. The API server
/// requires the same object back: metadata unchanged but for labels and annotations, every version reachable from every
/// other, and a round trip through any version giving the original. Throw <see cref="ObjectConversionException"/> for an
/// object that cannot be converted: the request it belongs to fails with that message.
/// </summary>
public interface IObjectConversion
{
    JsonObject Convert(JsonObject obj, string desiredApiVersion);
}

public sealed class ObjectConversionException(string message) : Exception(message);
