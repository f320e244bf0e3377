// Mediator also defines a type named Unit (its void response); in this codebase Unit is always the responsible unit (单位).
global using Unit = PolicyTracker.Core.Domain.Unit;
