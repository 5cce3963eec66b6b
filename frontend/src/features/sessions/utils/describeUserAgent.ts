// Turns a User-Agent header into words a person recognises: "Firefox 128 on Windows".
// Deliberately small: the big families only, in the order their tokens must be tested.

const BROWSERS: [RegExp, string][] = [
  [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/OPR\/(\d+)/, 'Opera'],
  [/SamsungBrowser\/(\d+)/, 'Samsung Internet'],
  [/Firefox\/(\d+)/, 'Firefox'],
  [/FxiOS\/(\d+)/, 'Firefox'],
  [/CriOS\/(\d+)/, 'Chrome'],
  [/HeadlessChrome\/(\d+)/, 'Headless Chrome'],
  [/Chrom(?:e|ium)\/(\d+)/, 'Chrome'],
  [/Version\/(\d+)[\d.]* (?:Mobile\/\S+ )?Safari\//, 'Safari'],
  [/^curl\/(\d+)/, 'curl'],
  [/PostmanRuntime\/(\d+)/, 'Postman'],
  [/^axios\/(\d+)/, 'axios'],
  [/^node(?:-fetch)?\/?(\d*)/i, 'Node.js'],
];

const SYSTEMS: [RegExp, string][] = [
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Windows NT/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux/, 'Linux'],
];

export interface DeviceDescription {
  browser: string | null;
  os: string | null;
  mobile: boolean;
  /** One line for the page, e.g. "Chrome 126 on Android". */
  label: string;
}

export function describeUserAgent(userAgent: string | null | undefined): DeviceDescription {
  if (!userAgent) return { browser: null, os: null, mobile: false, label: 'Unknown device' };
  let browser: string | null = null;
  for (const [pattern, name] of BROWSERS) {
    const match = pattern.exec(userAgent);
    if (match) {
      browser = match[1] ? `${name} ${match[1]}` : name;
      break;
    }
  }
  const os = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null;
  const mobile = /Mobi|iPhone|Android.*Mobile/.test(userAgent);
  const label =
    browser && os
      ? `${browser} on ${os}`
      : (browser ?? (os ? `Browser on ${os}` : 'Unknown device'));
  return { browser, os, mobile, label };
}
