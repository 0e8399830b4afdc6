/** ag-grid community modules, registered once before any grid renders; the quartz theme at the dashboard's size. */
import { AllCommunityModule, ModuleRegistry, themeQuartz } from 'ag-grid-community';

ModuleRegistry.registerModules([AllCommunityModule]);

export const gridTheme = themeQuartz.withParams({
  fontSize: 13,
  headerFontSize: 13,
  spacing: 6,
  headerBackgroundColor: '#f3f6f9',
});
