using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;
using Todo.Operator.Children;
using Todo.Operator.Runtime.Hosting;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Runtime.Controllers;

internal sealed class ControllerRegistration<TEntity>(Action<ControllerBuilder<TEntity>, ClusterCapabilities> configure) : IControllerRegistration
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    public IController Build(IServiceProvider services, ClusterCapabilities capabilities)
    {
        var builder = new ControllerBuilder<TEntity>();
        configure(builder, capabilities);
        var primaryType = builder.PrimaryType
            ?? throw new InvalidOperationException($"The controller of {typeof(TEntity).Name} needs For(primaryType).");
        var options = services.GetRequiredService<IOptions<OperatorOptions>>().Value;
        var cache = services.GetRequiredService<IInformerCache>();
        var defaults = new InformerScopeDefaults(options.WatchNamespace is { Length: > 0 } ns ? ns : null, options.ChildLabelSelector);
        var settings = new ControllerSettings(
            builder.Name ?? primaryType.Kind.ToLowerInvariant(),
            primaryType,
            builder.Workers ?? options.Workers,
            builder.ResyncPeriod ?? options.ResyncPeriod,
            options.ShutdownGracePeriod,
            builder.EventFilter ?? Predicates.PrimaryDefault);
        return new Controller<TEntity>(
            settings,
            cache.GetOrAdd<TEntity>(new InformerScope(primaryType, defaults.Namespace)),
            [.. builder.Owned.Select(add => add(cache, defaults))],
            services.GetRequiredService<IServiceScopeFactory>(),
            services.GetRequiredService<ILogger<Controller<TEntity>>>());
    }
}
