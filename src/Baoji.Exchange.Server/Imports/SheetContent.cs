namespace Baoji.Exchange.Server.Imports;

/// <summary>A sheet as read: its header row and its data rows, each with the row number a spreadsheet shows (header: 1).</summary>
public sealed record SheetContent(IReadOnlyList<string> Headers, IReadOnlyList<SheetRow> Rows);

public sealed record SheetRow(int Number, IReadOnlyList<object?> Cells);

/// <summary>A file that is no readable sheet; its message says why (named <c>file</c> in the problem).</summary>
public sealed class UnreadableFileException(string message, Exception? inner = null) : Exception(message, inner);
