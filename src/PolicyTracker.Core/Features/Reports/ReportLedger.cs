using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace PolicyTracker.Core.Features.Reports;

/// <summary>One row of the 台账, in the columns offices already use.</summary>
public sealed record LedgerRow(int Number, string Content, string LeadUnits, string CoUnits, string Leader, string Deadline,
    string Progress, int Percent, string Status, string Warning);

/// <summary>Writes the 台账 as an .xlsx workbook (OpenXml, inline strings, no template).</summary>
public static class ReportLedger
{
    public static readonly string[] Header = ["序号", "任务内容", "牵头单位", "配合单位", "责任领导", "完成时限", "进展情况", "完成率", "状态", "预警"];
    private static readonly double[] Widths = [6, 60, 20, 24, 10, 14, 50, 8, 10, 8];

    public static byte[] Write(IReadOnlyList<LedgerRow> rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(Row(1, Header.Select(Text)));
            var index = 2u;
            foreach (var r in rows)
                data.Append(Row(index++, [Number(r.Number), Text(r.Content), Text(r.LeadUnits), Text(r.CoUnits), Text(r.Leader),
                    Text(r.Deadline), Text(r.Progress), Text($"{r.Percent}%"), Text(r.Status), Text(r.Warning)]));
            var columns = new Columns(Widths.Select((w, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = w, CustomWidth = true }));
            sheetPart.Worksheet = new Worksheet(columns, data);
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "台账" });
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static Row Row(uint index, IEnumerable<Cell> cells) => new(cells) { RowIndex = index };

    private static Cell Text(string value) => new()
    {
        DataType = CellValues.InlineString,
        InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(value) { Space = SpaceProcessingModeValues.Preserve }),
    };

    private static Cell Number(int value) => new() { DataType = CellValues.Number, CellValue = new CellValue(value) };
}
