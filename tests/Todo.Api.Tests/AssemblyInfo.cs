using Todo.Api.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(SharedRedis))]
