using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Todo.Api.Storage;

namespace Todo.Api.Todos;

/// <summary>The Todo-Backend contract at /todos, plus ETags, conditional requests, Idempotency-Key, filtering and paging.</summary>
internal static class TodoEndpoints
{
    public static IEndpointRouteBuilder MapTodos(this IEndpointRouteBuilder app)
    {
        var todos = app.MapGroup("/todos").WithTags("Todos");

        todos.MapGet("", ListAsync)
            .Produces<TodoResponse[]>()
            .WithSummary("List todos in stable order (by order, then creation); optional completed filter and paging.");
        todos.MapPost("", CreateAsync)
            .Accepts<TodoRequestSchema>("application/json")
            .Produces<TodoResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Create a todo.");
        todos.MapDelete("", DeleteAllAsync).WithSummary("Delete every todo.");
        todos.MapGet("{id}", GetAsync)
            .Produces<TodoResponse>()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithSummary("Get one todo; its ETag is in the response headers.");
        todos.MapPatch("{id}", PatchAsync)
            .Accepts<TodoRequestSchema>("application/json")
            .Produces<TodoResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithSummary("Change the given fields of a todo; If-Match makes the write conditional.");
        todos.MapPut("{id}", PutAsync)
            .Accepts<TodoRequestSchema>("application/json")
            .Produces<TodoResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithSummary("Replace a todo; If-Match makes the write conditional.");
        todos.MapDelete("{id}", DeleteAsync).WithSummary("Delete a todo; If-Match makes the delete conditional.");
        return app;
    }

    /// <summary>Without <c>limit</c>, the whole collection as the plain array of the Todo-Backend contract, streamed.</summary>
    private static async Task<IResult> ListAsync(HttpContext context, TodoStore store, TodoLinks links)
    {
        var query = ListQuery.From(context.Request.Query);
        if (query.Limit is not { } limit)
        {
            return await TodoArrayStream.StartAsync(store.ListAllAsync(query.Completed, context.RequestAborted), links, context.RequestAborted);
        }

        var page = await store.ListPageAsync(query.Completed, query.After, limit, context.RequestAborted);
        if (page.NextCursor is { } cursor)
        {
            context.Response.Headers.Link = $"<{links.NextPage(context.Request, query.Completed, limit, cursor)}>; rel=\"next\"";
        }

        return await TodoArrayStream.OfAsync(page.Items, links);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, TodoStore store, TodoLinks links, IOptions<ApiOptions> options)
    {
        var todo = await TodoRequestReader.ReadObjectAsync(context.Request, TodoInput.ParseNew, context.RequestAborted);
        var result = await store.CreateAsync(todo, IdempotencyKey.From(context.Request.Headers[IdempotencyKey.HeaderName], todo));
        switch (result)
        {
            case { Outcome: CreateOutcome.Created or CreateOutcome.Replayed, Item: { } item }:
                SetETag(context, item);
                if (result.Outcome is CreateOutcome.Replayed)
                {
                    context.Response.Headers["Idempotent-Replayed"] = "true";
                }

                return new TodoResult(item, StatusCodes.Status201Created, links);
            case { Outcome: CreateOutcome.KeyReused }:
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    detail: $"This {IdempotencyKey.HeaderName} was already used to create a different todo.");
            case { Outcome: CreateOutcome.KeyOfDeletedTodo, Id: { } deletedId }:
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: $"{IdempotencyKey.HeaderName} already used",
                    detail: $"This {IdempotencyKey.HeaderName} was already used: it created todo {deletedId.ToString(CultureInfo.InvariantCulture)}, "
                        + "which has been deleted since, and is not created again. Send a new key to create a new todo.");
            default:
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "The collection is full",
                    detail: $"This app holds at most {options.Value.MaxTodos} todos; delete some before creating more.");
        }
    }

    private static async Task<NoContent> DeleteAllAsync(TodoStore store)
    {
        await store.DeleteAllAsync();
        return TypedResults.NoContent();
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, TodoStore store, TodoLinks links)
    {
        var preconditions = Preconditions.From(context.Request.Headers);
        if (ParseId(id) is not { } todoId || await store.GetAsync(todoId) is not { } item)
        {
            return preconditions.FailWhenMissing ? PreconditionFailed(id) : NotFound(id);
        }

        SetETag(context, item);
        return preconditions.StatusForRead(item) switch
        {
            StatusCodes.Status304NotModified => TypedResults.StatusCode(StatusCodes.Status304NotModified),
            StatusCodes.Status412PreconditionFailed => PreconditionFailed(id),
            _ => new TodoResult(item, StatusCodes.Status200OK, links),
        };
    }

    private static async Task<IResult> PatchAsync(string id, HttpContext context, TodoStore store, TodoLinks links)
    {
        var changes = await TodoRequestReader.ReadObjectAsync(context.Request, TodoInput.ParseChanges, context.RequestAborted);
        return await UpdateAsync(id, changes, context, store, links);
    }

    private static async Task<IResult> PutAsync(string id, HttpContext context, TodoStore store, TodoLinks links)
    {
        var todo = await TodoRequestReader.ReadObjectAsync(context.Request, TodoInput.ParseNew, context.RequestAborted);
        return await UpdateAsync(id, TodoChanges.Replacing(todo), context, store, links);
    }

    private static async Task<IResult> UpdateAsync(
        string id, TodoChanges changes, HttpContext context, TodoStore store, TodoLinks links)
    {
        var preconditions = Preconditions.From(context.Request.Headers);
        if (ParseId(id) is not { } todoId)
        {
            return preconditions.FailWhenMissing ? PreconditionFailed(id) : NotFound(id);
        }

        var result = await store.UpdateAsync(todoId, changes, preconditions);
        switch (result)
        {
            case { Outcome: WriteOutcome.Done, Item: { } item }:
                SetETag(context, item);
                return new TodoResult(item, StatusCodes.Status200OK, links);
            case { Outcome: WriteOutcome.NotFound }:
                return NotFound(id);
            default:
                return PreconditionFailed(id);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, HttpContext context, TodoStore store)
    {
        var preconditions = Preconditions.From(context.Request.Headers);
        if (ParseId(id) is not { } todoId)
        {
            return preconditions.FailWhenMissing ? PreconditionFailed(id) : NotFound(id);
        }

        return await store.DeleteAsync(todoId, preconditions) switch
        {
            WriteOutcome.Done => TypedResults.NoContent(),
            WriteOutcome.NotFound => NotFound(id),
            _ => PreconditionFailed(id),
        };
    }

    /// <summary>
    /// Ids are positive integers in canonical decimal form: "0001" or "+1" is not another name of todo 1, so each
    /// todo has exactly one URL. Anything else cannot name a todo (nor a Redis key).
    /// </summary>
    private static long? ParseId(string id) =>
        id is [>= '1' and <= '9', ..] && id.All(char.IsAsciiDigit)
            && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    private static void SetETag(HttpContext context, TodoItem item) =>
        context.Response.Headers.ETag = EntityTagCondition.ETag(item.Version);

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"There is no todo with id '{id}'.");

    private static ProblemHttpResult PreconditionFailed(string id) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status412PreconditionFailed,
            detail: $"Todo '{id}' does not meet If-Match or If-None-Match: it was changed, deleted or created since it was read.");
}
