using PolicyTracker.Extraction.Fields;

namespace PolicyTracker.Extraction.Structure;

/// <summary>
/// Reads task tables (tab-separated rows, from .txt, markdown pipes or .docx): a table is a task table when its
/// header has a responsibility column (责任单位, 牵头单位 …). Each numbered row is a task; a row without a number
/// but with its own unit cell is its own task; a row with neither continues the task above. Header rows repeated
/// at page breaks, total rows and group rows ("一、产业发展项目") are not tasks.
/// </summary>
public static class TableReader
{
    /// <summary>Header words of responsibility columns, with the role of the units they list.</summary>
    public static readonly (string Header, MarkerRole Role)[] ResponsibilityHeaders =
    [
        ("牵头单位", MarkerRole.Lead), ("牵头部门", MarkerRole.Lead), ("配合单位", MarkerRole.Co), ("配合部门", MarkerRole.Co),
        ("参与单位", MarkerRole.Co), ("协同单位", MarkerRole.Co), ("责任单位", MarkerRole.Responsible), ("责任部门", MarkerRole.Responsible),
        ("责任主体", MarkerRole.Responsible), ("负责单位", MarkerRole.Responsible),
    ];

    /// <summary>What every responsibility header ends in (单位, 部门, 主体): a cheap test before the full table.</summary>
    private static readonly string[] HeaderEndings = [.. ResponsibilityHeaders.Select(h => h.Header[^2..]).Distinct()];

    /// <summary>First cells of rows that sum up other rows.</summary>
    private static readonly string[] TotalRows = ["合计", "小计", "总计", "共计"];

    /// <summary>"单位：万元" under a table title states the table's measure, not its title.</summary>
    private const string MeasureNote = "单位";

    public static List<TaskCandidate> Read(IReadOnlyList<string> lines, int fromLine, int toLine, Func<int, IReadOnlyList<string>> sectionAt)
    {
        var tasks = new List<TaskCandidate>();
        for (var n = fromLine; n <= toLine; n++)
        {
            var cells = Cells(lines[n - 1]);
            if (cells == null) continue;
            var columns = HeaderColumns(cells);
            if (columns.Count == 0) continue;
            n = ReadBody(lines, n, toLine, cells, columns, sectionAt, tasks);
        }
        return tasks;
    }

    private static int ReadBody(IReadOnlyList<string> lines, int headerLine, int toLine, string[] header,
        List<(int Index, MarkerRole Role)> columns, Func<int, IReadOnlyList<string>> sectionAt, List<TaskCandidate> tasks)
    {
        var headerKey = string.Concat(header);
        var nonTargetColumns = Enumerable.Range(0, header.Length)
            .Where(i => NonTargetHeaders.Any(h => header[i].Contains(h, StringComparison.Ordinal))).ToHashSet();
        var title = TitleAbove(lines, headerLine);
        string? group = null;
        TaskCandidate? open = null;
        var blankRun = 0;
        var n = headerLine + 1;
        for (; n <= toLine; n++)
        {
            var raw = lines[n - 1];
            if (raw.Length == 0)
            {
                if (++blankRun > 3) break;
                continue;
            }
            blankRun = 0;
            var cells = Cells(raw);
            if (cells == null)
            {
                // a cell wrapped onto a line of its own, or the end of the table
                if (open != null && (IsWrappedCell(raw) || IsWrappedBeforeRow(lines, n, toLine)))
                {
                    var cellPieces = (List<string>)open.Pieces!;
                    if (cellPieces.Count > 0) cellPieces[^1] += raw; else cellPieces.Add(raw);
                    if (open.TargetPieces is List<string> targetCells)
                    {
                        if (targetCells.Count > 0) targetCells[^1] += raw; else targetCells.Add(raw);
                    }
                    open = open with { EndLine = n };
                    continue;
                }
                break;
            }
            if (HeaderColumns(cells) is { Count: > 0 } subHeader)
            {
                // a header repeated at a page break changes nothing; a second header row refines the columns
                if (string.Concat(cells) != headerKey) columns = Refine(columns, subHeader);
                continue;
            }
            var first = cells[0];
            if (TotalRows.Any(t => first.Replace(" ", "").StartsWith(t, StringComparison.Ordinal))) continue;
            if (NumberingParser.Parse(first) is { Kind: NumberingKind.ChineseComma } && cells.Skip(1).Take(3).All(c => c.Length == 0 || c.All(ch => char.IsAsciiDigit(ch) || ch == '.')))
            {
                group = first;
                continue;
            }
            var located = new List<(int? Index, MarkerRole Role)>(columns.Count);
            foreach (var (index, role) in columns) located.Add((UnitCell(cells, index, columns.Count == 1, header.Length), role));
            var units = Units(cells, located);
            var pieces = RowPieces(cells, located, null);
            // only a table with place or object columns needs a second reading of its cells
            var targetPieces = nonTargetColumns.Count == 0 ? null : RowPieces(cells, located, cells.Length == header.Length ? nonTargetColumns : null);
            var text = string.Join(" ", pieces);
            var numbered = first.Length > 0 && first.All(char.IsAsciiDigit);
            if (numbered || (!units.IsEmpty && text.Length > 0))
            {
                Flush(tasks, open);
                // a titled table (usually an attachment) is its own section; an untitled one sits in the outline
                var section = title != null ? new List<string> { title } : new List<string>(sectionAt(headerLine));
                if (group != null) section.Add(group);
                var cellTitle = numbered && cells.Length > 1 && cells[1].Length is > 0 and <= 40 ? cells[1] : null;
                open = new TaskCandidate(n, n, "", cellTitle, section.Count > 0 ? string.Join(" / ", section) : null, null, units)
                {
                    Pieces = pieces,
                    TargetPieces = targetPieces,
                };
            }
            else if (open != null)
            {
                // continuation rows add pieces; the text is joined once, when the row group is complete
                ((List<string>)open.Pieces!).AddRange(pieces);
                if (open.TargetPieces is List<string> targetCells && targetPieces != null) targetCells.AddRange(targetPieces);
                // a unit cell wrapped onto a row of its own ("县城管局、" / "县交通运输局") extends the row's list
                if (!units.IsEmpty && text.Length == 0) open = open with { Units = Extend(open.Units, units) };
                open = open with { EndLine = n };
            }
        }
        Flush(tasks, open);
        return n - 1;
    }

    /// <summary>
    /// A second header row under a spanning "责任单位" cell ("牵头单位 | 配合单位") says which of its columns lead and
    /// which cooperate; a header repeated at a page break never turns them back into plain responsibility.
    /// </summary>
    private static List<(int Index, MarkerRole Role)> Refine(List<(int Index, MarkerRole Role)> columns, List<(int Index, MarkerRole Role)> subHeader)
    {
        var roles = columns.ToDictionary(c => c.Index, c => c.Role);
        foreach (var (index, role) in subHeader)
            if (!roles.TryGetValue(index, out var known) || known == MarkerRole.Responsible) roles[index] = role;
        return roles.OrderBy(r => r.Key).Select(r => (r.Key, r.Value)).ToList();
    }

    private static void Flush(List<TaskCandidate> tasks, TaskCandidate? open)
    {
        if (open != null) tasks.Add(open with { Text = string.Join(" ", open.Pieces!) });
    }

    private static bool IsWrappedCell(string raw) => raw.Length <= 200 && NumberingParser.Parse(raw) == null && !raw.Contains('。');

    /// <summary>
    /// A wrapped cell may end a sentence ("推动修复结果共享互认。"): an unnumbered line with the table going on right
    /// after it is still part of the row above.
    /// </summary>
    private static bool IsWrappedBeforeRow(IReadOnlyList<string> lines, int n, int toLine)
    {
        var raw = lines[n - 1];
        if (raw.Length > MaxWrappedSentence || NumberingParser.Parse(raw) != null) return false;
        for (var k = n + 1; k <= toLine && k <= n + 2; k++)
            if (lines[k - 1].Length > 0) return Cells(lines[k - 1]) != null;
        return false;
    }

    private const int MaxWrappedSentence = 120;

    /// <summary>Units of a wrapped unit cell: with a lead already named they cooperate, else the list simply goes on.</summary>
    private static Responsibility Extend(Responsibility row, Responsibility more)
    {
        if (row.Lead.Count == 0) return more;
        var co = row.Co.Concat(more.Lead).Concat(more.Co).Distinct().Where(u => !row.Lead.Contains(u)).ToList();
        return new(row.Lead, co);
    }

    /// <summary>Cells of a tab-separated row, trimmed; null for a line that is not a row.</summary>
    public static string[]? Cells(string line) =>
        line.Contains('\t') ? line.Split('\t').Select(c => c.Trim()).ToArray() : null;

    /// <summary>Responsibility columns of a header row; empty when the row is not a task-table header.</summary>
    public static List<(int Index, MarkerRole Role)> HeaderColumns(string[] cells)
    {
        var result = new List<(int, MarkerRole)>();
        for (var i = 0; i < cells.Length; i++)
        {
            var c = cells[i].Contains(' ') ? cells[i].Replace(" ", "") : cells[i];
            if (c.Length > 12 || !HeaderEndings.Any(e => c.Contains(e, StringComparison.Ordinal))) continue;
            // "责任单位", "项目责任单位", "牵头单位(部门)", "责任单位及责任人"
            foreach (var (header, role) in ResponsibilityHeaders)
            {
                if (!c.Contains(header, StringComparison.Ordinal)) continue;
                result.Add((i, role));
                break;
            }
        }
        return result;
    }

    private static Responsibility Units(string[] cells, List<(int? Index, MarkerRole Role)> located)
    {
        var lead = new List<string>();
        var co = new List<string>();
        var responsible = new List<string>();
        foreach (var (found, role) in located)
        {
            if (found is not { } index) continue;
            var cell = cells[index];
            var labelled = ResponsibilityParser.FromLabels(cell);
            if (!labelled.IsEmpty)
            {
                lead.AddRange(labelled.Lead);
                co.AddRange(labelled.Co);
                continue;
            }
            if (role == MarkerRole.Responsible && ResponsibilityParser.FromUnitList(cell) is { IsEmpty: false } listed)
            {
                lead.AddRange(listed.Lead);
                responsible.AddRange(listed.Co);
                continue;
            }
            var units = ResponsibilityParser.SplitUnits(cell);
            (role switch { MarkerRole.Lead => lead, MarkerRole.Co => co, _ => responsible }).AddRange(units);
        }
        if (lead.Count > 0) return new(lead.Distinct().ToList(), responsible.Concat(co).Distinct().Where(u => !lead.Contains(u)).ToList());
        if (responsible.Count > 0) return new(responsible.Take(1).ToList(), responsible.Skip(1).Concat(co).Distinct().Where(u => u != responsible[0]).ToList());
        return new([], co.Distinct().ToList());
    }

    /// <summary>
    /// Where a row's unit cell is. Converted tables drop empty cells, so a row's cells can sit a column or two off
    /// the header's; with a single responsibility column the leftmost cell near it that lists only units wins.
    /// </summary>
    private static int? UnitCell(string[] cells, int column, bool search, int headerCells)
    {
        if (!search) return column < cells.Length && cells[column].Length > 0 ? column : null;
        // a row with all its cells keeps the header's columns: its own unit cell wins over a task cell that ends in
        // 处/所 like a unit name ("新建饮水工程15处")
        if (cells.Length == headerCells && IsUnitList(cells[column])) return column;
        for (var i = Math.Max(1, column - UnitCellSlack); i <= column + UnitCellSlack && i < cells.Length; i++)
            if (IsUnitList(cells[i])) return i;
        return null;
    }

    private const int UnitCellSlack = 2;

    private static bool IsUnitList(string cell)
    {
        if (cell.Length is 0 or > 300 || cell.Contains('。')) return false;
        var items = ResponsibilityParser.SplitTopLevel(cell, "、,，;；");
        return items.Count > 0 && items.All(i => UnitNames.LooksLikeUnit(i) || i.Contains('等'));
    }

    /// <summary>
    /// Header words of columns that describe a row rather than state what it must achieve: "八个乡镇" under 实施地点
    /// or "脱贫户" under 受益对象 counts places and people, not results.
    /// </summary>
    private static readonly string[] NonTargetHeaders = ["地点", "地址", "位置", "性质", "对象", "实施单位", "备注"];

    /// <param name="skipped">columns left out (read only when the row has every column of its header), or null</param>
    private static List<string> RowPieces(string[] cells, List<(int? Index, MarkerRole Role)> located, HashSet<int>? skipped)
    {
        var unitCells = located.Select(c => c.Index).ToHashSet();
        var parts = new List<string>();
        for (var i = 0; i < cells.Length; i++)
        {
            if (cells[i].Length == 0 || unitCells.Contains(i) || skipped?.Contains(i) == true) continue;
            if (i == 0 && cells[i].All(char.IsAsciiDigit)) continue;
            parts.Add(cells[i]);
        }
        return parts;
    }

    private static string? TitleAbove(IReadOnlyList<string> lines, int headerLine)
    {
        for (var n = headerLine - 1; n >= 1 && n >= headerLine - 6; n--)
        {
            var l = lines[n - 1];
            if (l.Length == 0 || l.StartsWith(MeasureNote, StringComparison.Ordinal)) continue;
            return l.Contains('\t') || l.Length > 60 ? null : l;
        }
        return null;
    }
}
