namespace PolicyTracker.Extraction.Input;

/// <summary>
/// The input cannot be read as a gazette (unknown format, corrupt container, undecodable bytes).
/// The message carries Chinese for the office staff and English for operators.
/// </summary>
public sealed class ExtractionInputException(string message, Exception? inner = null) : Exception(message, inner);
