namespace PolicyTracker.Extraction.Input;

/// <summary>The input can't be read as a plan: empty, binary, a corrupt .docx/.pdf. The message is for the person who uploaded it.</summary>
public sealed class ExtractionInputException(string message, Exception? inner = null) : Exception(message, inner);
