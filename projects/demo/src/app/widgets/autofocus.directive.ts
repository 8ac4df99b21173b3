import { afterNextRender, Directive, ElementRef, inject } from '@angular/core';

/** Focuses (and selects) the input it sits on once it is rendered. */
@Directive({ selector: 'input[appAutofocus]' })
export class AutofocusDirective {
  constructor() {
    const element = inject<ElementRef<HTMLInputElement>>(ElementRef).nativeElement;
    afterNextRender(() => {
      element.focus();
      element.select();
    });
  }
}
