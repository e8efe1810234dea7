// Turns the file-system errors a user causes with a wrong path into bilingual messages that
// name the path and the fix, in place of Node's raw "ENOENT: no such file or directory".

const MESSAGES: Record<string, (path: string) => string> = {
  ENOENT: (path) => `Không tìm thấy tệp ${path}. Hãy kiểm tra đường dẫn. / File not found: ${path}. Check the path.`,
  EACCES: (path) => `Không có quyền đọc hoặc ghi ${path}. Hãy kiểm tra quyền của tệp. / Permission denied: ${path}. Check the file permissions.`,
};

/** Returns the message for a Node.js file-system error with a known code and a path, else null. */
export function describeFileError(error: unknown): string | null {
  if (!(error instanceof Error)) return null;

  const { code, path } = error as NodeJS.ErrnoException;
  if (code === undefined || path === undefined) return null;

  const message = MESSAGES[code];
  return message === undefined ? null : message(path);
}
