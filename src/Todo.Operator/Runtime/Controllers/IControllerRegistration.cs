using Todo.Operator.Children;

namespace Todo.Operator.Runtime.Controllers;

/// <summary>A declared controller, built once discovery has told which API versions the cluster serves.</summary>
internal interface IControllerRegistration
{
    IController Build(IServiceProvider services, ClusterCapabilities capabilities);
}
