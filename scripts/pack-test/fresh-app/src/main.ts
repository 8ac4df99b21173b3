import { bootstrapApplication } from '@angular/platform-browser';
import { App } from './app/app';
import { appConfig } from './app/app.config';

bootstrapApplication(App, appConfig)
  .then((appRef) => appRef.whenStable())
  .then(() => document.documentElement.setAttribute('data-app-stable', '')) // read by the browser test
  .catch((err) => console.error(err));
