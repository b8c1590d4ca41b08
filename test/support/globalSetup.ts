/** Jest global setup: runs once in the parent process before any worker starts. */
export default async function globalSetup(): Promise<void> {
  process.env.TZ = 'Asia/Kolkata';
  process.env.NO_PROXY = '127.0.0.1,localhost';
}
