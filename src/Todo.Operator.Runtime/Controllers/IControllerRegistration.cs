namespace Todo.Operator.Runtime.Controllers;

/// <summary>A declared controller: built once discovery has told which of its kinds the cluster serves, and in which versions.</summary>
internal interface IControllerRegistration
{
    /// <summary>Every kind the controller owns, for discovery to look up.</summary>
    IReadOnlyList<OwnedKind> Kinds { get; }

    IController Build(IServiceProvider services, ResourceCatalog served);

    /// <summary>Starts watching the optional kinds <paramref name="served"/> now holds, and stops those it no longer does.</summary>
    void Refresh(ResourceCatalog served);
}
