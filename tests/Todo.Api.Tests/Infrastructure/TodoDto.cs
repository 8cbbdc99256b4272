namespace Todo.Api.Tests.Infrastructure;

/// <summary>A todo as a client reads it.</summary>
public sealed record TodoDto(long Id, string Title, bool Completed, double? Order, string Url);
