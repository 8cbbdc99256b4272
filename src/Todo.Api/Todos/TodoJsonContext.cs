using System.Text.Json;
using System.Text.Json.Serialization;

namespace Todo.Api.Todos;

/// <summary>
/// The JSON metadata of the types the API describes in its OpenAPI document, generated at build time (a Native AOT
/// build has no reflection-based serializer). Todos themselves are written by <see cref="TodoJson"/>, request bodies
/// read by <see cref="TodoInput"/>; problem details come with ASP.NET Core's own context.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TodoResponse))]
[JsonSerializable(typeof(TodoResponse[]))]
[JsonSerializable(typeof(TodoRequestSchema))]
internal sealed partial class TodoJsonContext : JsonSerializerContext;
