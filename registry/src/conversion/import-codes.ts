// Stable codes of bulk conversion (paper register → licences): fatal file problems and per-row problems, with the
// fix-it text in English and Chinese. Codes are never renamed or reused once published.
import type { Bilingual } from "@elicence/core";

export const IMPORT_CODES = {
  // The file as a whole: the import stops before any row is stored.
  REG_IMPORT_FILE_UNREADABLE: {
    en: "The register file cannot be read; check the path and the file's permissions.",
    zh: "无法读取台账文件，请检查文件路径和读取权限。",
  },
  REG_IMPORT_FORMAT_UNSUPPORTED: {
    en: "The file is neither CSV nor XLSX (an Excel 97-2003 .xls, a WPS .et, a password-protected workbook, or a ZIP file without a worksheet); in Excel or WPS save it as .xlsx (Excel 工作簿) or as CSV UTF-8 (逗号分隔).",
    zh: "文件不是 CSV 或 XLSX 格式（如 Excel 97-2003 的 .xls、WPS 的 .et、设有密码的工作簿，或不含工作表的 ZIP 文件）。请在 Excel/WPS 中另存为 .xlsx（Excel 工作簿）或“CSV UTF-8（逗号分隔）”。",
  },
  REG_IMPORT_ENCODING_UNSUPPORTED: {
    en: 'The file is in an encoding other than UTF-8, UTF-8 with BOM or GBK (for example UTF-16 "Unicode text"); save it as CSV UTF-8.',
    zh: "文件编码不是 UTF-8、带 BOM 的 UTF-8 或 GBK（例如 UTF-16“Unicode 文本”），请另存为 CSV UTF-8。",
  },
  REG_IMPORT_CSV_MALFORMED: {
    en: 'The CSV cannot be split into cells: a quoted cell never ends, so the rest of the file would run into it. Close the quote (") in the named row.',
    zh: 'CSV 无法拆分为单元格：某个带引号的单元格没有结束引号。请在所指行补全引号（"）。',
  },
  REG_IMPORT_TYPE_UNKNOWN: {
    en: "No licence type has this code; `elicence` lists the loaded types at GET /api/v1/licence-types.",
    zh: "没有该代码的证照类型，请核对证照类型代码。",
  },
  REG_IMPORT_NO_MAPPING: {
    en: "The licence type declares no import.columns in its type.json, so the register's columns cannot be mapped; add the mapping (templates/README.md).",
    zh: "该证照类型的 type.json 未声明 import.columns，无法对应台账的列；请补充列映射（见 templates/README.md）。",
  },
  REG_IMPORT_HEADER_NOT_FOUND: {
    en: "No header row was found among the first rows: no row names at least two of the columns the licence type expects. Check that the file is the register of this licence type.",
    zh: "在文件开头几行中找不到表头：没有一行包含该证照类型所需的至少两个列名。请确认台账与证照类型一致。",
  },
  REG_IMPORT_COLUMNS_MISSING: {
    en: "The header lacks columns that every licence needs (holder name and code, paper licence number, required fields); add them or rename the headers as the type's import.columns names them.",
    zh: "表头缺少必需的列（持证主体名称和代码、纸质证照编号、必填字段）。请补充这些列，或按 import.columns 中的列名修改表头。",
  },
  REG_IMPORT_COLUMN_REPEATED: {
    en: "Two header cells map to the same target; delete or rename one of the columns.",
    zh: "表头中有两列对应同一个字段，请删除或重命名其中一列。",
  },
  // A workbook no spreadsheet program writes (a ZIP bomb, a cell of megabytes): stopped while it is read (issue 11).
  REG_IMPORT_XLSX_PART_TOO_LARGE: {
    en: "A part of the workbook (the worksheet, the shared strings, the styles) inflates to more than the registry reads (ELICENCE_XLSX_MAX_PART_SIZE for the worksheet and shared strings, 64 MiB for the others); split the register into several files, or open it in Excel or WPS and save it again.",
    zh: "工作簿中的某个部件（工作表、共享字符串、样式）解压后超过证照库可读取的大小（工作表和共享字符串以 ELICENCE_XLSX_MAX_PART_SIZE 为限，其他部件为 64 MiB）。请将台账拆分为几个文件，或在 Excel/WPS 中打开后重新保存。",
  },
  REG_IMPORT_XLSX_TOO_LARGE: {
    en: "The parts of the workbook an import reads inflate to more than ELICENCE_XLSX_MAX_INFLATED_SIZE together; split the register into several files.",
    zh: "工作簿中导入所需读取的部件解压后合计超过 ELICENCE_XLSX_MAX_INFLATED_SIZE。请将台账拆分为几个文件。",
  },
  REG_IMPORT_XLSX_COMPRESSION_RATIO: {
    en: "A part of the workbook inflates far more than spreadsheet data does (over ELICENCE_XLSX_MAX_RATIO times its stored size), as a ZIP bomb does; it was not read further. Open the register in Excel or WPS and save it again, or save it as CSV UTF-8.",
    zh: "工作簿中某个部件的解压倍数远超电子表格数据的正常水平（超过 ELICENCE_XLSX_MAX_RATIO 倍），与“ZIP 炸弹”特征相同，已停止读取。请在 Excel/WPS 中打开台账后重新保存，或另存为 CSV UTF-8。",
  },
  REG_IMPORT_XLSX_STRING_TOO_LONG: {
    en: "A cell or shared string of the workbook is longer than Excel can hold (32,767 characters); a spreadsheet program did not write it. Shorten the cell, or open the register in Excel or WPS and save it again.",
    zh: "工作簿中某个单元格或共享字符串超过 Excel 允许的长度（32,767 个字符），不是电子表格软件生成的。请缩短该单元格内容，或在 Excel/WPS 中打开后重新保存。",
  },
  REG_IMPORT_XLSX_ROW_TOO_LARGE: {
    en: "A row of the worksheet holds more than 4 Mi (4,194,304) characters of XML, far beyond any register's row; open the register in Excel or WPS and save it again, or save it as CSV UTF-8.",
    zh: "工作表中某一行的 XML 超过 4M（4,194,304）个字符，远超台账行的正常大小。请在 Excel/WPS 中打开台账后重新保存，或另存为 CSV UTF-8。",
  },
  REG_IMPORT_XLSX_TOO_MANY_STRINGS: {
    en: "The workbook's shared-string table holds more strings than ELICENCE_XLSX_MAX_SHARED_STRINGS; split the register into several files.",
    zh: "工作簿的共享字符串表中的字符串数超过 ELICENCE_XLSX_MAX_SHARED_STRINGS。请将台账拆分为几个文件。",
  },
  REG_IMPORT_XLSX_OUT_OF_RANGE: {
    en: "A cell of the worksheet lies beyond Excel's sheet (right of column XFD or below row 1,048,576); a spreadsheet program did not write it. Open the register in Excel or WPS and save it again.",
    zh: "工作表中有单元格超出 Excel 工作表范围（XFD 列以右或第 1,048,576 行以下），不是电子表格软件生成的。请在 Excel/WPS 中打开台账后重新保存。",
  },
  REG_IMPORT_SCANS_UNREADABLE: {
    en: "The --scans directory cannot be read; check the path and permissions.",
    zh: "无法读取扫描件目录（--scans），请检查路径和权限。",
  },
  // One row: reported with row number and column; the row is not stored, the other rows are.
  REG_IMPORT_EXTRA_CELLS: {
    en: "The row has more cells than the header has columns: in a CSV usually an unquoted comma inside an address (quote the cell or remove the comma), in a workbook a value typed right of the last column (move or delete it).",
    zh: "该行的单元格数多于表头列数：CSV 中通常是地址等内容含有未加引号的逗号（请给该单元格加引号或删除逗号）；工作簿中是在最后一列右侧录入了内容（请移动或删除）。",
  },
  REG_IMPORT_CELL_ERROR: {
    en: "The cell shows a spreadsheet error (#N/A, #VALUE!, #REF!, #DIV/0! …) instead of a value: a formula failed. Fix the formula or type the value from the paper licence.",
    zh: "该单元格显示的是电子表格错误值（#N/A、#VALUE!、#REF!、#DIV/0! 等），不是数据：公式计算出错。请修正公式，或按纸质证照直接录入。",
  },
  REG_IMPORT_FORMULA_NO_RESULT: {
    en: "The cell holds a formula without a result that can be read: it was never calculated (the file was written by a program), or its result is empty, 0, FALSE or an error, which the XLSX reader (exceljs 4.4) cannot tell apart. Copy the column and paste it as values (选择性粘贴 → 数值), or type the values.",
    zh: "该单元格是公式，但读不到可用的结果：公式从未计算过（文件由程序生成），或结果为空、0、FALSE 或错误值（XLSX 读取组件无法区分这几种情况）。请复制该列并“选择性粘贴 → 数值”，或直接录入。",
  },
  REG_IMPORT_PAPER_NUMBER_REQUIRED: {
    en: "The paper licence number is empty; copy it from the paper licence. It is how a re-run recognises rows already converted.",
    zh: "纸质证照编号为空，请按纸质证照填写。重复导入时靠该编号识别已转换的记录。",
  },
  REG_IMPORT_PAPER_NUMBER_TOO_LONG: {
    en: "The paper licence number is longer than 100 characters; check the cell.",
    zh: "纸质证照编号超过100个字符，请检查该单元格。",
  },
  REG_IMPORT_NUMBER_AS_FLOAT: {
    en: "The cell holds a number a spreadsheet stored as a floating-point value (e.g. 4.41521E+11); its last digits are lost. Format the column as text and re-enter the value from the paper licence.",
    zh: "该单元格被电子表格存成了浮点数（如 4.41521E+11），末尾数字已丢失。请将该列设为“文本”格式，并按纸质证照重新录入。",
  },
  REG_IMPORT_DATE_INVALID: {
    en: "The date is not a real date in a form that can be read without guessing; write it YYYY-MM-DD (2019-03-12) or 2019年3月12日.",
    zh: "日期无效或格式无法确定，请写成 YYYY-MM-DD（如 2019-03-12）或“2019年3月12日”。",
  },
  REG_IMPORT_ISSUE_DATE_REQUIRED: {
    en: "The date of issue is empty; copy it from the paper licence.",
    zh: "发证日期为空，请按纸质证照填写。",
  },
  REG_IMPORT_SCAN_AMBIGUOUS: {
    en: "Several scan files are named after this paper licence number; keep one (merge the pages into one PDF).",
    zh: "有多个扫描件以该纸质证照编号命名，请只保留一个（多页请合并为一个 PDF）。",
  },
  REG_IMPORT_DUPLICATE: {
    en: "The same licence (same holder, licence type and paper licence number) is already in this file or in the registry; the row was not imported again.",
    zh: "同一证照（持证主体、证照类型、纸质证照编号均相同）已在本文件前面的行或证照库中，本行未重复导入。",
  },
  REG_IMPORT_CONFLICT: {
    en: "This paper licence number already belongs to another holder (in this file or in the registry); nothing was overwritten. Check which record is right against the paper archive.",
    zh: "该纸质证照编号已属于另一持证主体（在本文件或证照库中），未作覆盖。请对照纸质档案核实。",
  },
} as const satisfies Record<string, Bilingual>;

export type ImportCode = keyof typeof IMPORT_CODES;
