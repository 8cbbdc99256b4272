using System.Diagnostics.CodeAnalysis;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Controllers;
using Todo.Operator.Runtime.Discovery;
using Todo.Operator.Runtime.Events;
using Todo.Operator.Runtime.Informers;
using Todo.Operator.Runtime.LeaderElection;
using Todo.Operator.Runtime.Memory;

namespace Todo.Operator.Runtime.Hosting;

public static class OperatorServiceCollectionExtensions
{
    /// <summary>
    /// The runtime: options (validated at start-up), the Kubernetes connection (in-cluster in a pod, else
    /// KUBECONFIG or ~/.kube/config), client, informer cache, discovery, events, leader election, readiness, and the
    /// trimming of the GC's free memory (<see cref="HeapTrim"/>).
    /// </summary>
    public static IServiceCollection AddOperatorRuntime(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OperatorOptions>().Bind(configuration.GetSection(OperatorOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OperatorOptions>, OperatorOptionsValidator>();
        services.AddSingleton(_ => KubernetesConnection.FromDefaultConfig());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IResourceClient, ResourceClient>();
        services.AddSingleton<IInformerCache, InformerCache>();
        services.AddSingleton<ResourceDiscovery>();
        services.AddSingleton<IEventRecorder, EventRecorder>();
        services.AddSingleton<ILeadership>(provider =>
        {
            var election = provider.GetRequiredService<IOptions<OperatorOptions>>().Value.LeaderElection;
            return election.Enabled
                ? new LeaseLeadership(
                    provider.GetRequiredService<IResourceClient>(),
                    LeaseSettings.From(election),
                    provider.GetRequiredService<TimeProvider>(),
                    provider.GetRequiredService<ILogger<LeaseLeadership>>())
                : new AlwaysLeader();
        });
        services.AddHostedService<OperatorService>();
        services.AddHostedService<HeapTrim>();
        services.AddPortBoundEndpoints();
        services.AddHealthChecks()
            .AddCheck<InformersSyncedHealthCheck>("informers-synced", tags: [ProbeEndpoints.ReadyTag])
            .AddCheck<InformerLoopsHealthCheck>("informer-loops", tags: [ProbeEndpoints.LiveTag, ProbeEndpoints.ReadyTag])
            .AddCheck<LeaderElectionHealthCheck>("leader-election", tags: [ProbeEndpoints.LiveTag, ProbeEndpoints.ReadyTag]);
        return services;
    }

    /// <summary>
    /// Registers a controller of <typeparamref name="TEntity"/>: <paramref name="configure"/> declares the kinds it
    /// <c>Owns</c>, each resolved to the version the cluster serves once discovery has run. The reconciler is
    /// resolved per reconcile, in a scope. <see cref="ReconcileRequests{TEntity}"/> lets other services ask for a reconcile.
    /// </summary>
    public static IServiceCollection AddController<TEntity, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TReconciler>(
        this IServiceCollection services,
        Action<ControllerBuilder<TEntity>> configure)
        where TEntity : class, IKubernetesObject<V1ObjectMeta>
        where TReconciler : class, IReconciler<TEntity>
    {
        services.AddScoped<IReconciler<TEntity>, TReconciler>();
        services.AddSingleton<ReconcileRequests<TEntity>>();
        services.AddSingleton<IControllerRegistration>(new ControllerRegistration<TEntity>(configure));
        return services;
    }
}
